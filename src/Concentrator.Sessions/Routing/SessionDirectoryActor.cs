using Akka.Actor;
using Concentrator.Sessions.Call;

namespace Concentrator.Sessions.Routing;

/// <summary>
/// The routing actor of a node: which session has which tunnel address and interface (it keeps the
/// <see cref="RouteTable"/> that TUN readers use), and the operator's view and kick of this node's
/// sessions (a cluster asks every node's directory). A session leaves when its call actor stops,
/// whatever the reason.
/// </summary>
public sealed class SessionDirectoryActor : ReceiveActor
{
    private readonly RouteTable _routes;
    private readonly Dictionary<IActorRef, (SessionInfo Info, IActorRef DataPath)> _byCall = new();

    public SessionDirectoryActor(RouteTable routes)
    {
        _routes = routes;
        Receive<RegisterSession>(OnRegister);
        Receive<ListSessions>(_ => Sender.Tell(new SessionList(_byCall.Values.Select(s => SessionSnapshot.Of(s.Info)).ToList())));
        Receive<KickSessions>(OnKick);
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    public static Props Props(RouteTable routes) => Akka.Actor.Props.Create(() => new SessionDirectoryActor(routes));

    private void OnRegister(RegisterSession register)
    {
        _byCall[Sender] = (register.Info, register.DataPath);
        _routes.Set(register.Info.Address, register.DataPath);
        Context.Watch(Sender);
        Sender.Tell(new SessionRegistered(register.Info.SessionId));
    }

    private void OnKick(KickSessions kick)
    {
        var count = 0;
        foreach (var (call, (info, _)) in _byCall)
        {
            if (!kick.Selector.Matches(info)) continue;
            call.Tell(new HangUp(kick.Result, kick.Reason));
            count++;
        }
        Sender.Tell(new SessionsKicked(count));
    }

    private void Forget(IActorRef call)
    {
        if (_byCall.Remove(call, out var entry)) _routes.Remove(entry.Info.Address, entry.DataPath);
    }
}
