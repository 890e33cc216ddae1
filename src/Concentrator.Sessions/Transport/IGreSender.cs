using System.Net;

namespace Concentrator.Sessions.Transport;

/// <summary>Sends enhanced GRE packets (RFC 2637 §4.1) to a peer; thread-safe.</summary>
public interface IGreSender
{
    /// <param name="peer">The peer's IPv4 address.</param>
    /// <param name="grePacket">The GRE header and payload (the kernel adds the IPv4 header).</param>
    void Send(IPAddress peer, ReadOnlySpan<byte> grePacket);
}
