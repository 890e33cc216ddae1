using System.Net;
using Concentrator.Sessions.DataPath;

namespace Concentrator.Sessions.Routing;

/// <summary>One live session, as the operator sees it.</summary>
/// <param name="SessionId">Unique in the cluster.</param>
/// <param name="UserName">Who logged in (the identity for policy).</param>
/// <param name="Peer">The client's public address.</param>
/// <param name="CallId">Our call ID on the node.</param>
/// <param name="Address">The client's tunnel address.</param>
/// <param name="Interface">The TUN interface its packets go through.</param>
/// <param name="Node">The node that carries it.</param>
/// <param name="StartedAt">When it came up.</param>
/// <param name="Encryption">What MPPE was agreed ("MPPE 128-bit stateless").</param>
/// <param name="Counters">Its live traffic counters.</param>
public sealed record SessionInfo(
    string SessionId, string UserName, IPAddress Peer, ushort CallId, IPAddress Address, string Interface,
    string Node, DateTimeOffset StartedAt, string Encryption, SessionCounters Counters);
