using Akka.Actor;
using Akka.Cluster;
using Concentrator.Cluster.Addressing;

namespace Concentrator.Cluster.Membership;

/// <summary>
/// Tells the address pool coordinator which node incarnations exist: <see cref="NodeUp"/> when a member
/// is up, <see cref="NodeGone"/> when it has left or been downed (its sessions died with it, so its
/// address blocks come back to the pool). Every node runs one; the coordinator takes a repeated message
/// as a no-op, and its proxy holds messages while the singleton moves.
/// </summary>
public sealed class MembershipBridge : ReceiveActor
{
    private readonly IActorRef _coordinator;

    public MembershipBridge(IActorRef coordinator)
    {
        _coordinator = coordinator;
        Receive<ClusterEvent.MemberUp>(up => Tell(up.Member, gone: false));
        Receive<ClusterEvent.MemberRemoved>(removed => Tell(removed.Member, gone: true));
    }

    public static Props Props(IActorRef coordinator) => Akka.Actor.Props.Create(() => new MembershipBridge(coordinator));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Tell(Member member, bool gone)
    {
        if (ClusterNodeSettings.NodeIdOf(member.Roles) is not { } nodeId) return;
        var incarnation = Incarnation(member.UniqueAddress);
        _coordinator.Tell(gone ? new NodeGone(nodeId, incarnation) : new NodeUp(nodeId, incarnation));
    }

    /// <summary>A node incarnation is its member's unique address id: new with every process start.</summary>
    public static long Incarnation(UniqueAddress address) => address.Uid;
}
