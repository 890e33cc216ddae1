using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Cluster.Addressing;
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

    private static AddressPoolSettings BigPool() =>
        new AddressPoolSettings([AddressPoolDefinition.Parse("big", "10.64.0.0/18", ["10.64.0.1"])], BlockSize: 64, LowWatermark: 32, HighWatermark: 256).Validate();

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
        await using var cluster = await InProcessCluster.StartAsync(server, 3, new AddressPoolSettings(
            [AddressPoolDefinition.Parse("small", "10.65.0.0/24", ["10.65.0.1"])], BlockSize: 16, LowWatermark: 4, HighWatermark: 64).Validate());
        var allocators = cluster.Members.Select(m => new ActorAddressAllocator(m.Node.Allocator, Wait)).ToArray();
        // Every node leases; node 0 (the oldest) hosts the singletons.
        var before = new List<AddressLease>();
        for (var i = 0; i < 60; i++)
            before.Add((await allocators[i % 3].AllocateAsync($"b{i}", "u", null, CancellationToken.None)).Lease!);
        var stats = await cluster[1].Coordinator.Ask<PoolStats>(GetPoolStats.Instance, Wait);
        var inBlocksBefore = stats.Pools[0].InBlocks;

        var crashed = Stopwatch.StartNew();
        await cluster.CrashAsync(0);

        // Node 1 needs new blocks soon: keep leasing until the coordinator (moved to node 1) grants one.
        TimeSpan? firstAllocation = null;
        var after = new List<AddressLease>();
        while (after.Count < 100 && crashed.Elapsed < TimeSpan.FromSeconds(60))
        {
            var result = await allocators[1].AllocateAsync($"a{after.Count}", "u", null, CancellationToken.None);
            if (result.Lease is null)
            {
                await Task.Delay(100);
                continue;
            }
            after.Add(result.Lease);
            if (after.Count > 40 && firstAllocation is null) firstAllocation = crashed.Elapsed; // beyond what node 1 held before
        }
        Assert.Equal(100, after.Count);
        // No address is leased twice among the live nodes' leases, old and new.
        var live = before.Where((_, i) => i % 3 != 0).Concat(after).Select(l => l.Address).ToList();
        Assert.Equal(live.Count, live.Distinct().Count());

        // The dead node's blocks are reclaimed.
        TimeSpan? reclaimed = null;
        while (crashed.Elapsed < TimeSpan.FromSeconds(60))
        {
            stats = await cluster[1].Coordinator.Ask<PoolStats>(GetPoolStats.Instance, Wait);
            var nodes = await Task.WhenAll(new[] { 1, 2 }.Select(i => cluster[i].Allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, Wait)));
            if (stats.Pools[0].InBlocks == nodes.Sum(n => n.Pools.Sum(p => p.Held)))
            {
                reclaimed = crashed.Elapsed;
                break;
            }
            await Task.Delay(200);
        }
        Assert.NotNull(reclaimed);
        output.WriteLine($"MEASURED crash of the singleton's node → leases reclaimed {reclaimed!.Value.TotalSeconds:0.0} s, " +
                         $"→ first allocation needing the new coordinator {firstAllocation?.TotalSeconds:0.0} s (blocks in use before {inBlocksBefore})");
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
