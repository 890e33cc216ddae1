using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Bans;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Sessions;
using Concentrator.Cluster.Users;
using Concentrator.Sessions.Routing;

namespace Concentrator.Cluster;

/// <summary>
/// The cluster layer of one node: one address pool, one user directory, one ban list and one rule of
/// "one session per user" for all nodes. The pool coordinator, the user directory and the session
/// claims are cluster singletons (reached through proxies, which hold messages while a singleton moves);
/// each node leases addresses from blocks of its own (so leasing goes on while the coordinator moves),
/// and bans are replicated to every node. A one-node cluster is the same thing with one member.
/// </summary>
public sealed class ClusterNode
{
    private ClusterNode(ClusterNodeSettings settings, NodeIncarnation incarnation, IActorRef coordinator, IActorRef allocator,
        IActorRef users, IActorRef claims, ClusterBanList bans, ClusterSessions sessions)
    {
        Settings = settings;
        Incarnation = incarnation;
        Coordinator = coordinator;
        Allocator = allocator;
        Users = users;
        Claims = claims;
        Bans = bans;
        Sessions = sessions;
    }

    public ClusterNodeSettings Settings { get; }

    /// <summary>This node and its process start (the cluster member's unique id).</summary>
    public NodeIncarnation Incarnation { get; }

    /// <summary>The address pool coordinator (singleton proxy).</summary>
    public IActorRef Coordinator { get; }

    /// <summary>This node's address allocator.</summary>
    public IActorRef Allocator { get; }

    /// <summary>The user directory (singleton proxy).</summary>
    public IActorRef Users { get; }

    /// <summary>Who holds each user's session (singleton proxy).</summary>
    public IActorRef Claims { get; }

    public ClusterBanList Bans { get; }

    public ClusterSessions Sessions { get; }

    private const string PoolSingleton = "address-pool";
    private const string UsersSingleton = "users";
    private const string ClaimsSingleton = "user-claims";

    /// <summary>The cluster singletons, by the names of their managers (/user/NAME).</summary>
    public static readonly IReadOnlyList<string> SingletonNames = [PoolSingleton, UsersSingleton, ClaimsSingleton];

    /// <summary>The member that hosts the singletons: the oldest Up concentrator node, or null while there is none.</summary>
    public static Member? SingletonHost(ClusterEvent.CurrentClusterState state) =>
        state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(ClusterNodeSettings.Role))
            .OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();

    /// <summary>Starts this node's part: call once the actor system (with the cluster provider) exists.</summary>
    public static ClusterNode Start(ActorSystem system, ClusterNodeSettings settings)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var incarnation = new NodeIncarnation(settings.NodeId, MembershipBridge.Incarnation(cluster.SelfUniqueAddress));
        var coordinator = Singleton(system, PoolSingleton, PoolCoordinatorActor.Props(settings.Pools));
        system.ActorOf(MembershipBridge.Props(coordinator), "membership");
        var allocator = system.ActorOf(NodeAddressAllocatorActor.Props(incarnation, settings.Pools, coordinator), "addresses");
        var users = Singleton(system, UsersSingleton, UserDirectoryActor.Props(settings.Pools.Pools, coordinator));
        var claims = Singleton(system, ClaimsSingleton, UserClaimsActor.Props());
        var bans = new ClusterBanList(system, settings.BruteForce, TimeProvider.System);
        return new ClusterNode(settings, incarnation, coordinator, allocator, users, claims, bans, new ClusterSessions(system, settings.AskTimeout));
    }

    /// <summary>A singleton on the oldest concentrator node, and this node's proxy to it.</summary>
    private static IActorRef Singleton(ActorSystem system, string name, Props props)
    {
        system.ActorOf(ClusterSingletonManager.Props(props, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(ClusterNodeSettings.Role).WithSingletonName("singleton")), name);
        return system.ActorOf(ClusterSingletonProxy.Props($"/user/{name}",
            ClusterSingletonProxySettings.Create(system).WithRole(ClusterNodeSettings.Role).WithSingletonName("singleton")), name + "-proxy");
    }
}
