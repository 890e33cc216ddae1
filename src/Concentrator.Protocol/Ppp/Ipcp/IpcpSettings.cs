using System.Net;

namespace Concentrator.Protocol.Ppp.Ipcp;

/// <summary>What the server's IPCP announces: its own address, and the name servers to hand out (RFC 1877).</summary>
/// <param name="LocalAddress">The server's address on the link, sent as our IP-Address.</param>
public sealed record IpcpSettings(IPAddress LocalAddress)
{
    public IPAddress? PrimaryDns { get; init; }

    public IPAddress? SecondaryDns { get; init; }

    public IPAddress? PrimaryNbns { get; init; }

    public IPAddress? SecondaryNbns { get; init; }
}
