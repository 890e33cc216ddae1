using System.Net;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Sessions.Routing;

/// <summary>A call asks to be the session of <paramref name="UserName"/> (the sender is the call actor).</summary>
public sealed record ClaimUser(string UserName, string SessionId, OneSessionPerUser Mode);

/// <summary>The answer to <see cref="ClaimUser"/>.</summary>
public sealed record UserClaimed(bool Granted, string? Reason = null);

/// <summary>A session is up; its packets for <see cref="SessionInfo.Address"/> go to <paramref name="DataPath"/> (the sender is the call actor).</summary>
public sealed record RegisterSession(SessionInfo Info, Akka.Actor.IActorRef DataPath);

/// <summary>
/// The answer to <see cref="RegisterSession"/>: the route to the session's address is in the route table, so
/// answers to its packets find their way back; only now may the call let its packets into the TUN device.
/// </summary>
public sealed record SessionRegistered(string SessionId);

/// <summary>Asks for every session the directory knows.</summary>
public sealed record ListSessions
{
    public static readonly ListSessions Instance = new();
}

/// <summary>The sessions (of one node; a cluster gathers every node's).</summary>
public sealed record SessionList(IReadOnlyList<SessionSnapshot> Sessions);

/// <summary>One session as plain values, for operators and for other nodes.</summary>
public sealed record SessionSnapshot(
    string SessionId, string UserName, string Peer, ushort CallId, string Address, string Interface, string Node,
    DateTimeOffset StartedAt, string Encryption, long BytesIn, long BytesOut, long PacketsIn, long PacketsOut)
{
    public static SessionSnapshot Of(SessionInfo s) => new(
        s.SessionId, s.UserName, s.Peer.ToString(), s.CallId, s.Address.ToString(), s.Interface, s.Node, s.StartedAt, s.Encryption,
        s.Counters.BytesIn, s.Counters.BytesOut, s.Counters.PacketsIn, s.Counters.PacketsOut);
}

/// <summary>Which sessions an operator means: by ID, by user, or by tunnel or client address (those set must all match).</summary>
public sealed record SessionSelector(string? SessionId = null, string? UserName = null, IPAddress? Address = null)
{
    public bool Matches(SessionInfo s) =>
        (SessionId is null || s.SessionId == SessionId)
        && (UserName is null || string.Equals(s.UserName, UserName, StringComparison.OrdinalIgnoreCase))
        && (Address is null || s.Address.Equals(Address) || s.Peer.Equals(Address));
}

/// <summary>Ends the selected sessions properly (LCP Terminate, Call-Disconnect-Notify).</summary>
public sealed record KickSessions(SessionSelector Selector, string Reason, CallDisconnectResult Result = CallDisconnectResult.AdminShutdown);

/// <summary>How many sessions a <see cref="KickSessions"/> ended.</summary>
public sealed record SessionsKicked(int Count);
