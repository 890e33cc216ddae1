using Akka.Actor;
using Akka.Cluster;
using Concentrator.Cluster;
using Concentrator.Cluster.Addressing;
using Concentrator.Sessions.Routing;
using Prometheus;

namespace Concentrator.Node.Telemetry;

/// <summary>
/// Sets the node's aggregate gauges when Prometheus scrapes (a before-collect callback of the registry):
/// sessions up (the route table), bans (the ban list), the cluster as this node sees it (members, unreachable,
/// where the singletons live), and this node's share of each address pool (its allocator; the pool coordinator's
/// figures too when this node hosts it). Asking the actors is bounded by <see cref="AskTimeout"/>: a figure that
/// does not come in time keeps its last value, and the scrape goes on.
/// </summary>
public sealed class NodeStateReader
{
    /// <summary>How long a scrape waits for the allocator and the pool coordinator.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly NodeMetrics _metrics;
    private readonly ActorSystem _system;
    private readonly ClusterNode _node;
    private readonly RouteTable _routes;

    public NodeStateReader(NodeMetrics metrics, ActorSystem system, ClusterNode node, RouteTable routes)
    {
        _metrics = metrics;
        _system = system;
        _node = node;
        _routes = routes;
    }

    /// <summary>Reads the node's state before each collection of <paramref name="registry"/>.</summary>
    public void Attach(CollectorRegistry registry) => registry.AddBeforeCollectCallback(RefreshAsync);

    /// <summary>Sets every gauge from the node's state now.</summary>
    public async Task RefreshAsync(CancellationToken cancellation)
    {
        _metrics.SessionsActive.Set(_routes.Count);
        _metrics.BansActive.Set(_node.Bans.Active().Count);
        _metrics.BruteForceBans.IncTo(_node.Bans.BruteForceBans);
        _metrics.OperatorBans.IncTo(_node.Bans.OperatorBans);
        var cluster = Akka.Cluster.Cluster.Get(_system);
        var hostsSingletons = ReadCluster(cluster.State, cluster.SelfMember);
        await Task.WhenAll(ReadAllocatorAsync(cancellation), ReadCoordinatorAsync(hostsSingletons, cancellation)).ConfigureAwait(false);
    }

    /// <summary>Members by status, unreachable members, singletons; true when this node hosts the singletons.</summary>
    private bool ReadCluster(ClusterEvent.CurrentClusterState state, Member self)
    {
        foreach (var status in Enum.GetValues<MemberStatus>())
            _metrics.ClusterMembers.WithLabels(NodeMetrics.StatusLabel(status)).Set(state.Members.Count(m => m.Status == status));
        _metrics.ClusterUnreachable.Set(state.Unreachable.Count);
        var host = self.Equals(ClusterNode.SingletonHost(state));
        foreach (var singleton in ClusterNode.SingletonNames) _metrics.SingletonHost.WithLabels(singleton).Set(host ? 1 : 0);
        return host;
    }

    private async Task ReadAllocatorAsync(CancellationToken cancellation)
    {
        NodePoolStats stats;
        try
        {
            stats = await _node.Allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, AskTimeout, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            return;
        }
        foreach (var pool in _node.Settings.Pools.Pools)
        {
            var usage = stats.Pools.FirstOrDefault(u => u.Pool == pool.Name);
            _metrics.PoolHeld.WithLabels(pool.Name).Set(usage?.Held ?? 0);
            _metrics.PoolFree.WithLabels(pool.Name).Set(usage?.Free ?? 0);
            _metrics.PoolLeased.WithLabels(pool.Name, NodeMetrics.Dynamic).Set(usage?.Leased ?? 0);
        }
    }

    /// <summary>The coordinator's figures, from the node that hosts it only (so that a sum over nodes counts them once).</summary>
    private async Task ReadCoordinatorAsync(bool host, CancellationToken cancellation)
    {
        if (!host)
        {
            foreach (var pool in _node.Settings.Pools.Pools)
            {
                _metrics.PoolLeased.RemoveLabelled(pool.Name, NodeMetrics.Static);
                _metrics.PoolUnassigned.RemoveLabelled(pool.Name);
            }
            return;
        }
        PoolStats stats;
        try
        {
            stats = await _node.Coordinator.Ask<PoolStats>(GetPoolStats.Instance, AskTimeout, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            return;
        }
        foreach (var usage in stats.Pools)
        {
            _metrics.PoolLeased.WithLabels(usage.Pool, NodeMetrics.Static).Set(usage.StaticLeased);
            _metrics.PoolUnassigned.WithLabels(usage.Pool).Set(usage.Unassigned);
        }
    }
}
