using Akka.Actor;
using Concentrator.Sessions.Call;

namespace Concentrator.Sessions.Routing;

/// <summary>
/// The routing actor of a node: which session has which tunnel address and interface (it keeps the
/// <see cref="RouteTable"/> that TUN readers use), who is logged in (one session per user), and the
/// operator's view and kick. A session leaves when its call actor stops, whatever the reason.
/// </summary>
public sealed class SessionDirectoryActor : ReceiveActor
{
    private sealed class Entry(string sessionId)
    {
        public string SessionId { get; } = sessionId;
        public string? ClaimedUser { get; set; }
        public SessionInfo? Info { get; set; }
        public IActorRef? DataPath { get; set; }
    }

    private readonly RouteTable _routes;
    private readonly Dictionary<IActorRef, Entry> _byCall = new();
    private readonly Dictionary<string, List<IActorRef>> _byUser = new(StringComparer.OrdinalIgnoreCase);

    public SessionDirectoryActor(RouteTable routes)
    {
        _routes = routes;
        Receive<ClaimUser>(OnClaim);
        Receive<RegisterSession>(OnRegister);
        Receive<ListSessions>(_ => Sender.Tell(new SessionList(_byCall.Values.Where(e => e.Info is not null).Select(e => e.Info!).ToList())));
        Receive<KickSessions>(OnKick);
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    public static Props Props(RouteTable routes) => Akka.Actor.Props.Create(() => new SessionDirectoryActor(routes));

    private Entry EntryOf(IActorRef call, string sessionId)
    {
        if (_byCall.TryGetValue(call, out var entry)) return entry;
        Context.Watch(call);
        return _byCall[call] = new Entry(sessionId);
    }

    private void OnClaim(ClaimUser claim)
    {
        var holders = _byUser.TryGetValue(claim.UserName, out var list) ? list : _byUser[claim.UserName] = new();
        if (holders.Count > 0 && claim.Mode == OneSessionPerUser.DenyNew)
        {
            Sender.Tell(new UserClaimed(false, $"'{claim.UserName}' already has a session ({_byCall[holders[0]].SessionId})"));
            return;
        }
        if (claim.Mode == OneSessionPerUser.ReplaceOld)
        {
            foreach (var call in holders)
                call.Tell(new HangUp(Protocol.Pptp.CallDisconnectResult.AdminShutdown,
                    $"replaced by a new session of '{claim.UserName}' ({claim.SessionId})"));
        }
        holders.Add(Sender);
        EntryOf(Sender, claim.SessionId).ClaimedUser = claim.UserName;
        Sender.Tell(new UserClaimed(true));
    }

    private void OnRegister(RegisterSession register)
    {
        var entry = EntryOf(Sender, register.Info.SessionId);
        entry.Info = register.Info;
        entry.DataPath = register.DataPath;
        _routes.Set(register.Info.Address, register.DataPath);
        Sender.Tell(new SessionRegistered(register.Info.SessionId));
    }

    private void OnKick(KickSessions kick)
    {
        var count = 0;
        foreach (var (call, entry) in _byCall)
        {
            if (entry.Info is null || !kick.Selector.Matches(entry.Info)) continue;
            call.Tell(new HangUp(kick.Result, kick.Reason));
            count++;
        }
        Sender.Tell(new SessionsKicked(count));
    }

    private void Forget(IActorRef call)
    {
        if (!_byCall.Remove(call, out var entry)) return;
        if (entry.Info is not null) _routes.Remove(entry.Info.Address, entry.DataPath!);
        if (entry.ClaimedUser is not null && _byUser.TryGetValue(entry.ClaimedUser, out var holders))
        {
            holders.Remove(call);
            if (holders.Count == 0) _byUser.Remove(entry.ClaimedUser);
        }
    }
}
