using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Tests.Persistence;
using Concentrator.Cluster.Users;
using Concentrator.Protocol.Auth;
using Concentrator.Sessions;
using Concentrator.Sessions.Addressing;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Users;
using Xunit.Abstractions;

namespace Concentrator.Cluster.Tests.Clustering;

/// <summary>
/// Three nodes in one process, one Akka.Cluster, one PostgreSQL database: one address pool without
/// duplicates, a pool that survives its singleton's node crashing, and users, bans and "one session per
/// user" in force on every node.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests : TestKit, IClassFixture<PostgreSqlServer>
{
    private readonly PostgreSqlServer server;
    private readonly ITestOutputHelper output;

    public ClusterTests(PostgreSqlServer server, ITestOutputHelper output) : base(output: output)
    {
        this.server = server;
        this.output = output;
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>How often a measurement looks again.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private static AddressPoolSettings BigPool() =>
        new AddressPoolSettings([AddressPoolDefinition.Parse("big", "10.64.0.0/18", ["10.64.0.1"])], BlockSize: 64, LowWatermark: 32, HighWatermark: 256,
            RequestTimeout: TimeSpan.FromSeconds(20)).Validate(); // 10,000 requests wait at once for ~160 blocks from one coordinator that has just started

    [Fact]
    public async Task Three_nodes_allocate_10000_addresses_concurrently_without_a_duplicate()
    {
        await using var cluster = await InProcessCluster.StartAsync(server, 3, BigPool());
        var allocators = cluster.Members.Select(m => new ActorAddressAllocator(m.Node.Allocator, Wait)).ToArray();
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i =>
            allocators[i % 3].AllocateAsync($"s{i}", "u", null, CancellationToken.None)));
        output.WriteLine($"MEASURED 10,000 leases over 3 nodes in {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.All(results, r => Assert.NotNull(r.Lease));
        var addresses = results.Select(r => r.Lease!.Address).ToList();
        Assert.Equal(10_000, addresses.Distinct().Count());
    }

    [Fact]
    public async Task The_pool_survives_its_singletons_node_crashing_and_the_dead_nodes_leases_come_back()
    {
        // A short request timeout: a block request lost with the old coordinator is made again within a second,
        // so the first allocation that needs the new coordinator is timed to about that. The proxy holds each of
        // those requests while the coordinator moves, and the new one grants them all: room for that.
        var settings = new AddressPoolSettings([AddressPoolDefinition.Parse("small", "10.65.0.0/22", ["10.65.0.1"])],
            BlockSize: 16, LowWatermark: 4, HighWatermark: 64, RequestTimeout: TimeSpan.FromSeconds(1)).Validate();
        await using var cluster = await InProcessCluster.StartAsync(server, 3, settings);
        var allocators = cluster.Members.Select(m => new ActorAddressAllocator(m.Node.Allocator, Wait)).ToArray();
        // Every node leases; node 0 (the oldest) hosts the singletons.
        var before = new List<AddressLease>();
        for (var i = 0; i < 60; i++) before.Add(await LeaseAsync(allocators[i % 3], $"b{i}"));
        // Settled: every granted block is held by a node and no node waits for one, so what node 1 leases beyond
        // its free addresses needs a block from the next coordinator.
        NodePoolUsage[] held = [];
        await AwaitAssertAsync(async () =>
        {
            held = (await Task.WhenAll(cluster.Members.Select(m => m.Node.Allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, Wait))))
                .Select(n => n.Pools.Single()).ToArray();
            var stats = await cluster[1].Coordinator.Ask<PoolStats>(GetPoolStats.Instance, Wait);
            Assert.Equal(stats.Pools[0].InBlocks, held.Sum(u => u.Held));
            Assert.All(held, u => Assert.True(u.Free >= settings.LowWatermark, $"{u.Free} free"));
        }, Wait);
        Assert.Equal(20, held[0].Leased);

        var crashed = Stopwatch.StartNew();
        var reclaiming = UntilAsync(crashed, () => ReclaimedAsync(cluster), "node 0's blocks back in the pool");
        await cluster.CrashAsync(0);

        // Node 1 leases its free addresses, then one more: that one needs a block from the coordinator on its new node.
        var after = new List<AddressLease>();
        while (after.Count < held[1].Free) after.Add(await LeaseAsync(allocators[1], $"a{after.Count}"));
        var firstAllocation = await UntilAsync(crashed, async () =>
        {
            var result = await allocators[1].AllocateAsync($"a{after.Count}", "u", null, CancellationToken.None);
            if (result.Lease is not null) after.Add(result.Lease);
            return result.Lease is not null;
        }, "an allocation served by the new coordinator");
        while (after.Count < 100) after.Add(await LeaseAsync(allocators[1], $"a{after.Count}"));
        // No address is leased twice among the live nodes' leases, old and new.
        var live = before.Where((_, i) => i % 3 != 0).Concat(after).Select(l => l.Address).ToList();
        Assert.Equal(live.Count, live.Distinct().Count());

        var reclaimed = await reclaiming;
        output.WriteLine($"MEASURED crash of the singleton's node → leases reclaimed {reclaimed.TotalSeconds:0.00} s, " +
                         $"→ first allocation needing the new coordinator {firstAllocation.TotalSeconds:0.00} s (node 0 held {held[0].Held} addresses)");
    }

    [Fact]
    public async Task A_ban_made_on_one_node_refuses_the_source_on_another_and_a_lift_lifts_it_everywhere()
    {
        await using var cluster = await InProcessCluster.StartAsync(server, 3, BigPool(), new BruteForceSettings { MaxFailures = 3 });
        var source = IPAddress.Parse("203.0.113.99");
        for (var i = 0; i < 3; i++) cluster[0].Bans.ReportFailure(source, "mallory");
        Assert.True(cluster[0].Bans.IsBanned(source));
        await AwaitAssertAsync(() => Assert.True(cluster[2].Bans.IsBanned(source)), Wait);
        Assert.Contains("mallory", Assert.Single(cluster[2].Bans.Active()).Reason, StringComparison.Ordinal);

        cluster[2].Bans.Lift(source);
        await AwaitAssertAsync(() => Assert.False(cluster[0].Bans.IsBanned(source)), Wait);
        await AwaitAssertAsync(() => Assert.False(cluster[1].Bans.IsBanned(source)), Wait);
    }

    [Fact]
    public async Task A_ban_lifted_elsewhere_before_its_own_node_saw_it_replicated_is_lifted_there_too()
    {
        // Node 0's guard bans and node 2 lifts as soon as it sees the ban, usually before node 0's replica has
        // notified it (every 500 ms): a removed entry left node 0 nothing to see, a tombstone reaches it.
        await using var cluster = await InProcessCluster.StartAsync(server, 3, BigPool(), new BruteForceSettings { MaxFailures = 1 });
        for (var i = 0; i < 10; i++)
        {
            var source = IPAddress.Parse($"203.0.113.{10 + i}");
            Assert.True(cluster[0].Bans.ReportFailure(source, "mallory"), $"round {i}: node 0 made no ban");
            var clock = Stopwatch.StartNew();
            while (!cluster[2].Bans.IsBanned(source) && clock.Elapsed < Wait) await Task.Delay(5);
            Assert.True(cluster[2].Bans.IsBanned(source), $"round {i}: the ban never reached node 2");
            cluster[2].Bans.Lift(source);
            await AwaitAssertAsync(() => Assert.False(cluster[0].Bans.IsBanned(source), $"round {i}"), TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_switch_flipped_on_one_node_is_seen_on_every_node()
    {
        // The register crosses nodes inside Distributed Data's own messages; its bool goes by Akka's fallback
        // serializer (no binding of ours), and this shows that the configuration allows it.
        await using var cluster = await InProcessCluster.StartAsync(server, 3, BigPool());
        var switches = Enumerable.Range(0, 3).Select(i => new ClusterSwitch(cluster.System(i), "pptp", initial: true)).ToArray();

        switches[1].Value = false;
        await AwaitAssertAsync(() => Assert.All(switches, s => Assert.False(s.Value)), Wait);
        switches[2].Value = true;
        await AwaitAssertAsync(() => Assert.All(switches, s => Assert.True(s.Value)), Wait);
    }

    [Fact]
    public async Task A_user_disabled_on_one_node_cannot_log_in_on_another()
    {
        await using var cluster = await InProcessCluster.StartAsync(server, 3, BigPool());
        var added = await cluster[0].Users.Ask<UserCommandResult>(new AddUser("bob", MsChapV2.NtPasswordHash("pw"), true, null), Wait);
        Assert.True(added.Succeeded, added.Error);
        var verifier = new DirectoryCredentialVerifier(new ActorUserDirectory(cluster[0].Users, Wait));
        Assert.Equal(AuthOutcome.Success, (await verifier.VerifyAsync(Attempt("bob", "pw"), CancellationToken.None)).Outcome);

        var disabled = await cluster[1].Users.Ask<UserCommandResult>(new DisableUser("bob"), Wait);
        Assert.True(disabled.Succeeded, disabled.Error);
        Assert.Equal(AuthOutcome.AccountDisabled, (await verifier.VerifyAsync(Attempt("bob", "pw"), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task One_session_per_user_holds_across_nodes()
    {
        await using var cluster = await InProcessCluster.StartAsync(server, 3, BigPool());
        // Calls are actors on their own nodes; the claims singleton watches them across the cluster.
        var onA = new Akka.TestKit.TestProbe(cluster.System(1), new Akka.TestKit.Xunit2.XunitAssertions());
        var onC = new Akka.TestKit.TestProbe(cluster.System(2), new Akka.TestKit.Xunit2.XunitAssertions());
        cluster[1].Claims.Tell(new ClaimUser("carol", "s-a", OneSessionPerUser.DenyNew), onA.Ref);
        Assert.True((await onA.ExpectMsgAsync<UserClaimed>(Wait)).Granted);
        cluster[2].Claims.Tell(new ClaimUser("carol", "s-c", OneSessionPerUser.DenyNew), onC.Ref);
        var denied = await onC.ExpectMsgAsync<UserClaimed>(Wait);
        Assert.False(denied.Granted);
        Assert.Contains("s-a", denied.Reason, StringComparison.Ordinal);

        // Replace-old: the session on node 1 is told to hang up, across the cluster.
        cluster[2].Claims.Tell(new ClaimUser("carol", "s-c2", OneSessionPerUser.ReplaceOld), onC.Ref);
        Assert.True((await onC.ExpectMsgAsync<UserClaimed>(Wait)).Granted);
        var hangUp = await onA.ExpectMsgAsync<HangUp>(Wait);
        Assert.Contains("replaced", hangUp.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A lease, asked for again while the answer is Unavailable (for 15 s at most): with the 1 s request timeout of
    /// the crash test, a block that comes late (the coordinator still starting, or busy taking a dead node's
    /// blocks back, on a slow machine) fails a request that a second try serves.
    /// </summary>
    private static async Task<AddressLease> LeaseAsync(ActorAddressAllocator allocator, string session)
    {
        var clock = Stopwatch.StartNew();
        var result = await allocator.AllocateAsync(session, "u", null, CancellationToken.None);
        while (result.Failure == AllocationFailure.Unavailable && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(Poll);
            result = await allocator.AllocateAsync(session, "u", null, CancellationToken.None);
        }

        Assert.True(result.Lease is not null, $"{session}: {result.Failure}");
        return result.Lease;
    }

    /// <summary>
    /// Whether the coordinator counts in blocks only what nodes 1 and 2 hold. The nodes are asked first: the
    /// coordinator counts a block before a node takes it and gives it back (no node releases here), so until
    /// node 0's blocks are reclaimed they are on top and the two differ.
    /// </summary>
    private static async Task<bool> ReclaimedAsync(InProcessCluster cluster)
    {
        try
        {
            var nodes = await Task.WhenAll(new[] { 1, 2 }.Select(i => cluster[i].Allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, TimeSpan.FromSeconds(1))));
            var stats = await cluster[1].Coordinator.Ask<PoolStats>(GetPoolStats.Instance, TimeSpan.FromSeconds(1));
            return stats.Pools[0].InBlocks == nodes.Sum(n => n.Pools.Single().Held);
        }
        catch (AskTimeoutException)
        {
            return false; // the coordinator is moving: its proxy holds the question meanwhile
        }
    }

    /// <summary>Asks <paramref name="condition"/> every 50 ms until it holds (60 s at most); the time on <paramref name="clock"/> when it did.</summary>
    private static async Task<TimeSpan> UntilAsync(Stopwatch clock, Func<Task<bool>> condition, string what)
    {
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (clock.Elapsed < deadline)
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(Poll);
        }
        throw new TimeoutException($"waited 60 s for {what}");
    }

    private static MsChapV2Attempt Attempt(string user, string password)
    {
        var auth = new byte[16];
        var peer = new byte[16];
        Random.Shared.NextBytes(auth);
        Random.Shared.NextBytes(peer);
        var name = System.Text.Encoding.UTF8.GetBytes(user);
        var response = new byte[24];
        MsChapV2.GenerateNtResponse(auth, peer, name, MsChapV2.NtPasswordHash(password), response);
        return new MsChapV2Attempt(name, auth, peer, response, IPAddress.Loopback);
    }
}

/// <summary>Cluster tests start several actor systems each: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
