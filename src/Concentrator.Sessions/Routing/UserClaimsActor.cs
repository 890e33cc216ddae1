using Akka.Actor;
using Concentrator.Sessions.Call;

namespace Concentrator.Sessions.Routing;

/// <summary>
/// "One session per user": which call holds each user's session. A call asks with <see cref="ClaimUser"/>
/// once the user has authenticated; the claim ends when the call actor stops (it is watched, across nodes
/// too). Deny-new refuses a second claim; replace-old tells the old call to hang up. In a cluster one
/// instance runs as a singleton, so the rule holds across nodes.
/// </summary>
public sealed class UserClaimsActor : ReceiveActor
{
    private readonly Dictionary<string, List<(string SessionId, IActorRef Call)>> _byUser = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<IActorRef, string> _userOf = new();

    public UserClaimsActor()
    {
        Receive<ClaimUser>(OnClaim);
        Receive<Terminated>(t => Forget(t.ActorRef));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new UserClaimsActor());

    private void OnClaim(ClaimUser claim)
    {
        var holders = _byUser.TryGetValue(claim.UserName, out var list) ? list : _byUser[claim.UserName] = new();
        if (holders.Count > 0 && claim.Mode == OneSessionPerUser.DenyNew)
        {
            Sender.Tell(new UserClaimed(false, $"'{claim.UserName}' already has a session ({holders[0].SessionId})"));
            return;
        }
        if (claim.Mode == OneSessionPerUser.ReplaceOld)
        {
            foreach (var (_, call) in holders)
                call.Tell(new HangUp(Protocol.Pptp.CallDisconnectResult.AdminShutdown,
                    $"replaced by a new session of '{claim.UserName}' ({claim.SessionId})"));
        }
        holders.Add((claim.SessionId, Sender));
        _userOf[Sender] = claim.UserName;
        Context.Watch(Sender);
        Sender.Tell(new UserClaimed(true));
    }

    private void Forget(IActorRef call)
    {
        if (!_userOf.Remove(call, out var user) || !_byUser.TryGetValue(user, out var holders)) return;
        holders.RemoveAll(h => h.Call.Equals(call));
        if (holders.Count == 0) _byUser.Remove(user);
    }
}
