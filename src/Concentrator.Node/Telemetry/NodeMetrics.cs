using System.Collections.Frozen;
using Akka.Actor;
using Akka.Cluster;
using Concentrator.Cluster;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Persistence;
using Concentrator.Sessions.Telemetry;
using Prometheus;

namespace Concentrator.Node.Telemetry;

/// <summary>
/// The node's own metrics beside the session layer's (<see cref="SessionMetrics"/>): sessions up, bans, the
/// address pools, the cluster as this node sees it, and persistence. Created once per registry and cached in
/// fields; the gauges are set at scrape time by <see cref="NodeStateReader"/>, the persistence figures by
/// <see cref="PersistenceMetricsActor"/>. Labels are small fixed sets (pool names, member states, stores).
/// </summary>
public sealed class NodeMetrics
{
    /// <param name="registry">Where the metrics live.</param>
    /// <param name="pools">The configured address pools: their series exist from the start.</param>
    public NodeMetrics(CollectorRegistry registry, IEnumerable<AddressPoolDefinition> pools)
    {
        var f = Metrics.WithCustomRegistry(registry);
        SessionsActive = f.CreateGauge("concentrator_sessions_active",
            "Sessions up on this node: authenticated, encrypted, with an address (read at scrape time).");
        BansActive = f.CreateGauge("concentrator_bans_active",
            "Source addresses banned now. The ban list is replicated, so every node reports the whole cluster's number: take max, not sum.");
        BansMade = f.CreateCounter("concentrator_bans_total",
            "Bans made by this node, by origin: brute_force (its guard: too many wrong passwords from one address), operator (concentrator bans add).",
            "origin");
        ClusterMembers = f.CreateGauge("concentrator_cluster_members",
            "Cluster members by status, as this node sees them.", "status");
        ClusterUnreachable = f.CreateGauge("concentrator_cluster_unreachable_members",
            "Cluster members this node cannot reach (the split-brain resolver downs them after cluster.downAfter).");
        SingletonHost = f.CreateGauge("concentrator_cluster_singleton_host",
            "1 for each cluster singleton (address-pool, users, user-claims) this node hosts, else 0.", "singleton");
        PoolSize = f.CreateGauge("concentrator_pool_size_addresses",
            "Addresses a pool can lease (its range less excluded addresses); the same on every node: take max.", "pool");
        PoolHeld = f.CreateGauge("concentrator_pool_held_addresses",
            "Addresses of a pool in this node's blocks (a node leases from blocks it takes from the pool coordinator).", "pool");
        PoolFree = f.CreateGauge("concentrator_pool_free_addresses",
            "Addresses in this node's blocks that are not leased.", "pool");
        PoolLeased = f.CreateGauge("concentrator_pool_leased_addresses",
            "Leased addresses by kind: dynamic (leased by this node from its blocks), static (users' static addresses, " +
            "reported only by the node hosting the address-pool singleton). Sum over nodes for the cluster's figure.",
            "pool", "kind");
        PoolUnassigned = f.CreateGauge("concentrator_pool_unassigned_addresses",
            "Addresses in no node's block and not leased statically (reported only by the node hosting the address-pool singleton).",
            "pool");
        PersistenceWrite = f.CreateHistogram("concentrator_persistence_write_seconds",
            "Time from a persistent actor's Persist call to the journal's confirmation, per event, by store.",
            new HistogramConfiguration { LabelNames = ["store"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 15) });
        PersistenceFailures = f.CreateCounter("concentrator_persistence_failures_total",
            "Failures of the journal or snapshot store, by store and kind: write (a journal write failed and the actor stopped), " +
            "rejected (the journal refused an event), recovery (the store could not be read at start).",
            "store", "kind");

        foreach (var origin in Enum.GetValues<BanOrigin>()) BansMade.WithLabels(SessionMetrics.Label(origin.ToString()));
        BruteForceBans = BansMade.WithLabels(SessionMetrics.Label(nameof(BanOrigin.BruteForce)));
        OperatorBans = BansMade.WithLabels(SessionMetrics.Label(nameof(BanOrigin.Operator)));
        foreach (var status in Enum.GetValues<MemberStatus>()) ClusterMembers.WithLabels(StatusLabel(status));
        foreach (var singleton in ClusterNode.SingletonNames) SingletonHost.WithLabels(singleton);
        foreach (var pool in pools)
        {
            PoolSize.WithLabels(pool.Name).Set(pool.UsableCount);
            PoolHeld.WithLabels(pool.Name);
            PoolFree.WithLabels(pool.Name);
            PoolLeased.WithLabels(pool.Name, Dynamic);
            // Removed at the first scrape unless this node hosts the address-pool singleton.
            PoolLeased.WithLabels(pool.Name, Static);
            PoolUnassigned.WithLabels(pool.Name);
        }
        _persistenceWrites = PersistenceStores.All.ToFrozenDictionary(store => store, store => PersistenceWrite.WithLabels(store));
        foreach (var store in PersistenceStores.All)
        {
            foreach (var kind in Enum.GetValues<PersistenceFailureKind>()) PersistenceFailures.WithLabels(store, FailureLabel(kind));
        }
    }

    /// <summary>
    /// Starts counting what the persistent actors report on <paramref name="system"/>'s event stream; call before
    /// they start, so that no report is missed.
    /// </summary>
    public IActorRef CountPersistence(ActorSystem system)
    {
        var actor = system.ActorOf(PersistenceMetricsActor.Props(this), "persistence-metrics");
        system.EventStream.Subscribe(actor, typeof(PersistenceWritten));
        system.EventStream.Subscribe(actor, typeof(PersistenceFailed));
        return actor;
    }

    private readonly FrozenDictionary<string, Histogram.Child> _persistenceWrites;

    /// <summary>The cached write-latency histogram of one store.</summary>
    public Histogram.Child PersistenceWriteOf(string store) =>
        _persistenceWrites.TryGetValue(store, out var child) ? child : PersistenceWrite.WithLabels(store);

    public Gauge SessionsActive { get; }
    public Gauge BansActive { get; }
    public Counter BansMade { get; }
    public Counter.Child BruteForceBans { get; }
    public Counter.Child OperatorBans { get; }
    public Gauge ClusterMembers { get; }
    public Gauge ClusterUnreachable { get; }
    public Gauge SingletonHost { get; }
    public Gauge PoolSize { get; }
    public Gauge PoolHeld { get; }
    public Gauge PoolFree { get; }
    public Gauge PoolLeased { get; }
    public Gauge PoolUnassigned { get; }
    public Histogram PersistenceWrite { get; }
    public Counter PersistenceFailures { get; }

    /// <summary>The status label of a member status (Akka's WeaklyUp → weakly_up).</summary>
    public static string StatusLabel(MemberStatus status) => SessionMetrics.Label(status.ToString());

    /// <summary>The kind label of a persistence failure.</summary>
    public static string FailureLabel(PersistenceFailureKind kind) => SessionMetrics.Label(kind.ToString());

    /// <summary>The kind label of dynamic leases.</summary>
    public const string Dynamic = "dynamic";

    /// <summary>The kind label of users' static leases.</summary>
    public const string Static = "static";
}

/// <summary>Who made a ban (the label of concentrator_bans_total).</summary>
public enum BanOrigin
{
    /// <summary>The node's brute-force guard.</summary>
    BruteForce,

    /// <summary>An operator's command.</summary>
    Operator,
}
