using System.Net;

namespace Concentrator.Client.Ppp;

/// <summary>What IPCP gave the client (RFC 1332 §3.3, RFC 1877).</summary>
/// <param name="Address">Our address in the tunnel.</param>
/// <param name="ServerAddress">The server's address on the link, when it told us.</param>
public sealed record IpcpResult(
    IPAddress Address,
    IPAddress? ServerAddress,
    IPAddress? PrimaryDns,
    IPAddress? SecondaryDns,
    IPAddress? PrimaryNbns,
    IPAddress? SecondaryNbns);
