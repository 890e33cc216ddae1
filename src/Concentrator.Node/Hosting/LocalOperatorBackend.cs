using System.Net;
using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Node.Operator;
using Concentrator.Node.Users;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Routing;

namespace Concentrator.Node.Hosting;

/// <summary>The operator backend of a single node: its session directory, ban list, pool and users.</summary>
internal sealed class LocalOperatorBackend(
    IUserAdmin users, IActorRef sessions, BruteForceGuard bans, IActorRef coordinator, IActorRef allocator, PptpSwitch pptp, TimeSpan timeout)
    : IOperatorBackend
{
    public IUserAdmin Users => users;

    public async Task<IReadOnlyList<SessionView>> SessionsAsync()
    {
        var list = await sessions.Ask<SessionList>(ListSessions.Instance, timeout).ConfigureAwait(false);
        return list.Sessions.Select(View).OrderBy(s => s.Since).ToList();
    }

    public async Task<int> KickAsync(string? sessionId, string? user, IPAddress? address, string reason)
    {
        var kicked = await sessions.Ask<SessionsKicked>(new KickSessions(new SessionSelector(sessionId, user, address), reason), timeout)
            .ConfigureAwait(false);
        return kicked.Count;
    }

    public IReadOnlyList<BanView> Bans() => bans.Active().Select(b => new BanView(b.Source.ToString(), b.Until, b.Reason)).ToList();

    public void Ban(IPAddress address, TimeSpan duration, string reason) => bans.Add(new Ban(address, DateTimeOffset.UtcNow + duration, reason));

    public bool Unban(IPAddress address) => bans.Lift(address);

    public async Task<IReadOnlyList<PoolView>> PoolsAsync()
    {
        var cluster = await coordinator.Ask<PoolStats>(GetPoolStats.Instance, timeout).ConfigureAwait(false);
        var node = await allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, timeout).ConfigureAwait(false);
        return cluster.Pools.Select(p =>
        {
            var mine = node.Pools.FirstOrDefault(n => n.Pool == p.Pool);
            var leased = (mine?.Leased ?? 0) + p.StaticLeased;
            var nodes = mine is null ? [] : new[] { new PoolNodeView(node.Node.NodeId, mine.Held, mine.Leased, mine.Free) };
            return new PoolView(p.Pool, p.Size, leased, p.Size - leased, nodes);
        }).ToList();
    }

    public bool PptpEnabled
    {
        get => pptp.Enabled;
        set => pptp.Enabled = value;
    }

    internal static SessionView View(SessionSnapshot s) => new(
        s.SessionId, s.UserName, s.Peer, s.Address, s.Node, s.Interface, s.CallId, s.StartedAt,
        s.BytesIn, s.BytesOut, s.PacketsIn, s.PacketsOut, s.Encryption);
}
