using System.Net;

namespace Concentrator.Sessions.Transport;

/// <summary>Sends enhanced GRE packets (RFC 2637 §4.1) to a peer; thread-safe.</summary>
public interface IGreSender
{
    /// <param name="peer">The peer's IPv4 address.</param>
    /// <param name="grePacket">The GRE header and payload (the kernel adds the IPv4 header).</param>
    void Send(IPAddress peer, ReadOnlySpan<byte> grePacket);

    /// <summary>
    /// Queues a packet (copied) to go out with this thread's next <see cref="Flush"/>, so that a burst costs
    /// one system call; a sender without batching sends it at once.
    /// </summary>
    void Queue(IPAddress peer, ReadOnlySpan<byte> grePacket) => Send(peer, grePacket);

    /// <summary>Sends what this thread has queued.</summary>
    void Flush()
    {
    }
}
