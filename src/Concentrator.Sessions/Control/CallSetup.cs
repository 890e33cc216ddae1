using System.Net;

namespace Concentrator.Sessions.Control;

/// <summary>What a new call needs from its Outgoing-Call-Request (RFC 2637 §2.7).</summary>
/// <param name="CallId">Our call ID: the peer puts it in the key of its GRE packets (§4.1).</param>
/// <param name="PeerCallId">The peer's call ID: we put it in ours.</param>
/// <param name="Peer">The peer's IPv4 address (the source of the control connection).</param>
/// <param name="PeerReceiveWindow">Packet Receive Window Size: how many unacknowledged packets the peer takes.</param>
public sealed record CallSetup(ushort CallId, ushort PeerCallId, IPAddress Peer, ushort PeerReceiveWindow);
