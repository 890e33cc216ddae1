using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Concentrator.Cluster;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Membership;
using Concentrator.Node.Operator;
using Concentrator.Node.Users;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Routing;

namespace Concentrator.Node.Hosting;

/// <summary>The operator's view of and hand on the whole cluster, answered by whichever node was asked.</summary>
internal sealed class ClusterOperatorBackend(ActorSystem system, ClusterNode node, ClusterSwitch pptp) : IOperatorBackend
{
    public IUserAdmin Users { get; } = new ActorUserAdmin(node.Users, node.Settings.AskTimeout);

    public async Task<SessionsResult> SessionsAsync()
    {
        var (sessions, silent) = await node.Sessions.ListAsync().ConfigureAwait(false);
        return new SessionsResult(sessions.Select(View).OrderBy(s => s.Since).ToList(), silent);
    }

    public Task<int> KickAsync(string? sessionId, string? user, IPAddress? address, string reason) =>
        node.Sessions.KickAsync(new KickSessions(new SessionSelector(sessionId, user, address), reason));

    public IReadOnlyList<BanView> Bans() => node.Bans.Active().Select(b => new BanView(b.Source.ToString(), b.Until, b.Reason)).ToList();

    public void Ban(IPAddress address, TimeSpan duration, string reason) => node.Bans.Add(new Ban(address, DateTimeOffset.UtcNow + duration, reason));

    public bool Unban(IPAddress address) => node.Bans.Lift(address);

    public async Task<IReadOnlyList<PoolView>> PoolsAsync()
    {
        var cluster = await node.Coordinator.Ask<PoolStats>(GetPoolStats.Instance, node.Settings.AskTimeout).ConfigureAwait(false);
        var nodes = await node.Sessions.AskAllAsync<NodePoolStats>("addresses", GetNodePoolStats.Instance).ConfigureAwait(false);
        return cluster.Pools.Select(p =>
        {
            var shares = nodes.Where(n => n.Answer is not null)
                .Select(n => (n.Node, Usage: n.Answer!.Pools.FirstOrDefault(u => u.Pool == p.Pool)))
                .Where(n => n.Usage is not null)
                .Select(n => new PoolNodeView(n.Node, n.Usage!.Held, n.Usage.Leased, n.Usage.Free))
                .ToList();
            var leased = shares.Sum(s => s.Leased) + p.StaticLeased;
            return new PoolView(p.Pool, p.Size, p.InBlocks, leased, p.Size - leased, shares);
        }).ToList();
    }

    public async Task<IReadOnlyList<NodeView>> NodesAsync()
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var counts = await node.Sessions.AskAllAsync<SessionList>("sessions", ListSessions.Instance).ConfigureAwait(false);
        var asked = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clocks = await node.Sessions.AskAllAsync<ClockReply>(NodeControlActor.Name, ClockQuery.Instance).ConfigureAwait(false);
        var answered = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var host = ClusterNode.SingletonHost(state);
        return state.Members.OrderBy(m => m.Address.ToString()).Select(m =>
        {
            var id = ClusterNodeSettings.NodeIdOf(m.Roles) ?? m.Address.ToString();
            var sessions = counts.FirstOrDefault(c => c.Node == id).Answer?.Sessions.Count;
            // The remote clock against the middle of the round trip that read it.
            var offset = clocks.FirstOrDefault(c => c.Node == id).Answer is { } clock ? clock.UnixMilliseconds - (asked + answered) / 2 : (long?)null;
            return new NodeView(id, m.Address.ToString(), m.Status.ToString(), !state.Unreachable.Contains(m), m.Roles.Order().ToList(), sessions,
                m.Equals(host) ? ClusterNode.SingletonNames : [], m.Address.Equals(cluster.SelfAddress), offset);
        }).ToList();
    }

    public async Task<string?> DrainAsync(string nodeId, TimeSpan deadline)
    {
        var member = Akka.Cluster.Cluster.Get(system).State.Members.FirstOrDefault(m => ClusterNodeSettings.NodeIdOf(m.Roles) == nodeId);
        if (member is null) return $"no node '{nodeId}' in the cluster (see concentrator nodes)";
        var control = system.ActorSelection(new RootActorPath(member.Address) / "user" / NodeControlActor.Name);
        try
        {
            await control.Ask<DrainAccepted>(new DrainNode((long)deadline.TotalMilliseconds), node.Settings.AskTimeout).ConfigureAwait(false);
            return null;
        }
        catch (AskTimeoutException)
        {
            return $"node '{nodeId}' did not answer in {node.Settings.AskTimeout.TotalSeconds:0} s";
        }
    }

    public bool PptpEnabled
    {
        get => pptp.Value;
        set => pptp.Value = value;
    }

    private static SessionView View(SessionSnapshot s) => new(
        s.SessionId, s.UserName, s.Peer, s.Address, s.Node, s.Interface, s.CallId, s.StartedAt,
        s.BytesIn, s.BytesOut, s.PacketsIn, s.PacketsOut, s.Encryption);
}
