using System.Diagnostics;
using System.Net;
using Concentrator.Client;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Operator;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Cluster;

/// <summary>
/// Three `concentrator serve` processes in separate namespaces, one cluster, one PostgreSQL database: sessions
/// spread over the nodes carry traffic; `kill -9` of the node that hosts the singletons leaves the other sessions
/// passing traffic, brings the dead node's leases back to the pool, and new sessions on the survivors get
/// addresses that collide with nothing.
/// </summary>
[Collection(EndToEnd.EndToEndCollection.Name)]
public sealed class MultiNodeClusterTests(ITestOutputHelper output)
{
    private static readonly IPAddress Gateway = IPAddress.Parse("10.82.0.1");

    [SkippableFact]
    public async Task Kill_9_of_a_node_keeps_the_others_sessions_and_returns_its_leases()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        if (!NamespacedPostgres.Available)
        {
            Assert.False(RepositoryPaths.InCi, "PostgreSQL is not installed: .ci/run must install the Debian package postgresql");
            Skip.If(true, "PostgreSQL is not installed (Debian package postgresql)");
        }
        await using var lab = await ClusterLab.StartAsync(output);
        using var api = lab.Operator(1);
        await WaitForAsync(async () => (await api.NodesAsync()).Count(n => n.Status == "Up") == 3, "3 nodes Up");

        // Two sessions per node.
        var sink = new PacketQueue(capacity: 4096);
        var calls = new List<(int Node, PptpCall Call)>();
        for (var node = 0; node < 3; node++)
            for (var k = 0; k < 2; k++)
            {
                var call = await lab.NewClient(node, sink).ConnectAsync();
                Assert.True(call.Result.IsConnected, $"node {node}: {call.Result}");
                calls.Add((node, call));
            }
        var addresses = calls.Select(c => c.Call.Result.Address!).ToList();
        Assert.Equal(6, addresses.Distinct().Count());
        foreach (var (_, call) in calls) await PingAsync(call, sink);
        var sessions = await api.SessionsAsync();
        Assert.Equal(6, sessions.Sessions.Count);
        Assert.Equal(3, sessions.Sessions.Select(s => s.Node).Distinct().Count());
        Assert.Equal(6, (await api.PoolsAsync())[0].Leased);
        // Every block the coordinator granted is held by a node that answers, and n0 holds some: its crash has
        // something to give back, and the figures that show it are consistent before.
        await WaitForAsync(async () => Accounted(await api.PoolsAsync(), "n0", "n1", "n2"), "every granted block held by a node");
        Assert.True(Assert.Single((await api.PoolsAsync())[0].Nodes, n => n.Node == "n0").Held > 0);

        // kill -9 of node 0: the seed, and the oldest node, where the singletons live.
        var clock = Stopwatch.StartNew();
        lab.Kill(0);
        foreach (var (_, call) in calls.Where(c => c.Node != 0)) await PingAsync(call, sink); // the others go on at once

        // Reclaimed: the coordinator counts in blocks only what the survivors hold, so n0's blocks (and the leases in
        // them) went back to the pool; the operator's Leased figure alone cannot show it, as it sums the nodes that answer.
        var reclaimed = await WaitForAsync(
            async () => await api.PoolsAsync() is var pools && Accounted(pools, "n1", "n2") && pools[0].Leased == 4, "the dead node's blocks back in the pool", clock);
        var survivors = new List<PptpCall>();
        for (var node = 1; node < 3; node++)
        {
            var call = await lab.NewClient(node, sink).ConnectAsync();
            Assert.True(call.Result.IsConnected, $"node {node} after the crash: {call.Result}");
            survivors.Add(call);
        }
        var firstSession = clock.Elapsed;
        var live = calls.Where(c => c.Node != 0).Select(c => c.Call.Result.Address!).Concat(survivors.Select(s => s.Result.Address!)).ToList();
        Assert.Equal(live.Count, live.Distinct().Count());
        foreach (var call in survivors) await PingAsync(call, sink);
        foreach (var (_, call) in calls.Where(c => c.Node != 0)) await PingAsync(call, sink);
        Assert.Equal(6, (await api.PoolsAsync())[0].Leased);
        await WaitForAsync(async () => Accounted(await api.PoolsAsync(), "n1", "n2"), "every granted block held by a survivor");
        output.WriteLine($"MEASURED kill -9 of the singletons' node → its leases reclaimed in {reclaimed.TotalSeconds:0.0} s; " +
                         $"new sessions on the survivors by {firstSession.TotalSeconds:0.0} s");

        foreach (var (node, call) in calls.Where(c => c.Node != 0)) await call.HangUpAsync();
        foreach (var call in survivors) await call.HangUpAsync();
    }

    private static ushort _sequence;

    /// <summary>
    /// The one pool's blocks are all held by exactly <paramref name="nodes"/>: what the coordinator counts in blocks
    /// equals what those nodes say they hold (a block granted to any other node would make it larger).
    /// </summary>
    private static bool Accounted(IReadOnlyList<PoolView> pools, params string[] nodes)
    {
        var pool = pools[0];
        return pool.Nodes.Select(n => n.Node).Order().SequenceEqual(nodes) && pool.InBlocks == pool.Nodes.Sum(n => n.Held);
    }

    /// <summary>An ICMP echo through the call to the node's own tunnel address, answered by that node's kernel.</summary>
    private static async Task PingAsync(PptpCall call, PacketQueue sink)
    {
        var id = (ushort)(0x5000 + call.CallId);
        Assert.Equal(SendResult.Sent, call.SendIpPacket(IcmpPackets.EchoRequest(call.Result.Address!, Gateway, id, ++_sequence)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var packet = await sink.ReadAsync(deadline - DateTime.UtcNow);
            if (packet.Call == call && IcmpPackets.IsEchoReply(packet.Packet, id)) return;
        }
        throw new TimeoutException($"no echo reply through call {call.CallId}");
    }

    private static async Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition, string what, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (clock.Elapsed < deadline)
        {
            try
            {
                if (await condition()) return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Concentrator.Node.Cli.OperatorException)
            {
                // the node is busy re-forming; ask again
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"waited 60 s for {what}");
    }
}
