using System.Net;

namespace Concentrator.Client.Transport;

/// <summary>
/// The GRE side of the client (RFC 2637 §4): sends enhanced GRE packets to a server and hands the
/// packets it receives to the call whose call ID is in their key. A call registers before it sends
/// its Outgoing-Call-Request, and the transport picks the call ID, so that IDs are unique on the
/// transport (one GRE socket can carry every session of a load generator).
/// </summary>
public interface IClientGreTransport
{
    /// <summary>Sends GRE header and payload to <paramref name="server"/> (the IPv4 header is the transport's business).</summary>
    void Send(IPAddress server, ReadOnlySpan<byte> grePacket);

    /// <summary>Allocates a free call ID and routes received GRE with that key to <paramref name="receiver"/>; false when all are taken.</summary>
    bool TryRegister(IClientGreReceiver receiver, out ushort callId);

    /// <summary>Stops routing <paramref name="callId"/> to <paramref name="receiver"/> and frees the ID.</summary>
    void Unregister(ushort callId, IClientGreReceiver receiver);
}

/// <summary>Receives the GRE packets addressed to one call ID.</summary>
public interface IClientGreReceiver
{
    /// <summary>
    /// One GRE packet (header and payload, without the IPv4 header) from <paramref name="source"/>
    /// (an IPv4 address as a big-endian number: a.b.c.d is a &lt;&lt; 24 | b &lt;&lt; 16 | c &lt;&lt; 8 | d).
    /// The span is writable (payloads are decrypted in place) and valid only during the call.
    /// </summary>
    void OnGrePacket(uint source, Span<byte> grePacket);
}
