using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.Addressing;
using Xunit.Abstractions;

namespace Concentrator.Cluster.Tests.Addressing;

/// <summary>The coordinator and a node's allocator as actors, persisting to a real SQLite file.</summary>
public sealed class AddressPoolActorTests : SqliteTestKit
{
    private readonly ITestOutputHelper _output;

    public AddressPoolActorTests(ITestOutputHelper output)
        : base(output)
    {
        _output = output;
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>10.64.0.0/20: 4094 usable addresses.</summary>
    private static AddressPoolSettings Large(int snapshotEvery = 500) =>
        new AddressPoolSettings([AddressPoolDefinition.Parse("large", "10.64.0.0/20")], 32, 16, 96, snapshotEvery, TimeSpan.FromSeconds(5)).Validate();

    private static (IActorRef Coordinator, IActorRef Allocator, ActorAddressAllocator Adapter) StartPool(
        ActorSystem system, AddressPoolSettings settings, NodeIncarnation node)
    {
        var coordinator = system.ActorOf(PoolCoordinatorActor.Props(settings), "pool-coordinator");
        coordinator.Tell(new NodeUp(node.NodeId, node.Incarnation));
        var allocator = system.ActorOf(NodeAddressAllocatorActor.Props(node, settings, coordinator), "allocator-" + node.NodeId);
        return (coordinator, allocator, new ActorAddressAllocator(allocator, Timeout));
    }

    private static async Task<AddressLease[]> AllocateMany(IAddressAllocator allocator, int count, string prefix = "s")
    {
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => allocator.AllocateAsync($"{prefix}{i}", $"user{i}", null, CancellationToken.None)));
        Assert.All(results, r => Assert.Equal(AllocationFailure.None, r.Failure));
        return results.Select(r => r.Lease!).ToArray();
    }

    private static Task<NodePoolStats> NodeStats(IActorRef allocator) => allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, Timeout);

    private static Task<PoolStats> PoolStats(IActorRef coordinator) => coordinator.Ask<PoolStats>(GetPoolStats.Instance, Timeout);

    [Fact]
    public async Task Two_thousand_concurrent_allocations_get_distinct_addresses()
    {
        var (coordinator, allocator, adapter) = StartPool(Sys, Large(), new NodeIncarnation("n1", 1));

        var leases = await AllocateMany(adapter, 2000);

        Assert.Equal(2000, leases.Select(l => l.Address).Distinct().Count());
        Assert.Equal(2000, leases.Select(l => l.SessionId).Distinct().Count());
        var pool = AddressPoolDefinition.Parse("large", "10.64.0.0/20");
        Assert.All(leases, l => Assert.True(pool.IsUsable(Ipv4.ToUInt32(l.Address)) && l.Pool == "large"));
        // The block asked for below the low watermark may still be on its way.
        await AwaitAssertAsync(async () => Assert.InRange((await NodeStats(allocator)).Pools.Single().Free, 16, 96 + 32), Timeout);
        var node = (await NodeStats(allocator)).Pools.Single();
        Assert.Equal(2000, node.Leased);
        var cluster = (await PoolStats(coordinator)).Pools.Single();
        Assert.Equal(node.Held, cluster.InBlocks);
        Assert.Equal(4094 - cluster.InBlocks, cluster.Unassigned);

        // Asking again for a session gives the same lease.
        var again = await adapter.AllocateAsync("s7", "user7", null, CancellationToken.None);
        Assert.Equal(leases[7], again.Lease);
    }

    [Fact]
    public async Task Released_addresses_are_leased_again_and_an_exhausted_pool_says_so()
    {
        var settings = Samples.Settings(pools: Samples.Small);
        var (_, allocator, adapter) = StartPool(Sys, settings, new NodeIncarnation("n1", 1));
        var leases = await AllocateMany(adapter, 20);

        var none = await adapter.AllocateAsync("late", "u", null, CancellationToken.None);
        Assert.Equal(AllocationFailure.PoolExhausted, none.Failure);

        await adapter.ReleaseAsync(leases[5], CancellationToken.None);
        await adapter.ReleaseAsync(leases[5], CancellationToken.None);
        await adapter.ReleaseAsync(new AddressLease(IPAddress.Parse("10.9.0.11"), "small", "not-the-holder"), CancellationToken.None);
        var reused = await adapter.AllocateAsync("late", "u", null, CancellationToken.None);
        Assert.Equal(leases[5].Address, reused.Lease!.Address);
        Assert.Equal(20, (await NodeStats(allocator)).Pools.Single().Leased);
    }

    [Fact]
    public async Task Blocks_go_back_above_the_high_watermark()
    {
        var settings = Samples.Settings(blockSize: 8, low: 4, high: 16, pools: Samples.Main);
        var (coordinator, allocator, adapter) = StartPool(Sys, settings, new NodeIncarnation("n1", 1));
        var leases = await AllocateMany(adapter, 60);
        var held = (await NodeStats(allocator)).Blocks;

        foreach (var lease in leases)
        {
            await adapter.ReleaseAsync(lease, CancellationToken.None);
        }

        var after = await NodeStats(allocator);
        Assert.InRange(after.Pools.Single().Free, 4, 16);
        Assert.True(after.Blocks < held, $"{after.Blocks} blocks after release, {held} before");
        await AwaitAssertAsync(async () => Assert.Equal(after.Blocks, (await PoolStats(coordinator)).Blocks), Timeout);
    }

    [Fact]
    public async Task Restart_recovers_leases_and_blocks_and_a_new_incarnation_releases_stale_leases()
    {
        var settings = Large(snapshotEvery: 3);
        var node1 = new NodeIncarnation("n1", 1);
        AddressLease[] leases;
        PoolStats before;

        var first = StartSystem("first");
        {
            var (coordinator, _, adapter) = StartPool(first, settings, node1);
            leases = await AllocateMany(adapter, 50);
            await adapter.ReleaseAsync(leases[0], CancellationToken.None);
            before = await PoolStats(coordinator);
        }

        await first.Terminate();

        // Same incarnation (the actors restarted, not the process): everything is recovered.
        var second = StartSystem("second");
        {
            var (coordinator, allocator, adapter) = StartPool(second, settings, node1);
            Assert.Equal(49, (await NodeStats(allocator)).Pools.Single().Leased);
            Assert.Equivalent(before, await PoolStats(coordinator), strict: true);
            var same = await adapter.AllocateAsync("s10", "user10", null, CancellationToken.None);
            Assert.Equal(leases[10], same.Lease);
            var fresh = await adapter.AllocateAsync("new", "u", null, CancellationToken.None);
            Assert.DoesNotContain(fresh.Lease!.Address, leases.Skip(1).Select(l => l.Address));
        }

        await second.Terminate();

        // A new incarnation: the old sessions died with the process, their leases and blocks are freed.
        var third = StartSystem("third");
        {
            var node2 = node1 with { Incarnation = 2 };
            var (coordinator, allocator, adapter) = StartPool(third, settings, node2);
            await AwaitAssertAsync(async () => Assert.Equal(0, (await NodeStats(allocator)).Pools.Single().Leased), Timeout);
            var again = await adapter.AllocateAsync("s10", "user10", null, CancellationToken.None);
            Assert.Equal(IPAddress.Parse("10.64.0.1"), again.Lease!.Address);
            var stats = await PoolStats(coordinator);
            Assert.Equal((await NodeStats(allocator)).Pools.Single().Held, stats.Pools.Single().InBlocks);
        }

        await third.Terminate();
    }

    [Fact]
    public async Task A_gone_node_loses_its_blocks()
    {
        var node = new NodeIncarnation("n1", 1);
        var (coordinator, allocator, adapter) = StartPool(Sys, Large(), node);
        await AllocateMany(adapter, 40);

        coordinator.Tell(new NodeGone("n1", 1));

        var stats = await PoolStats(coordinator);
        Assert.Equal(0, stats.Blocks);
        Assert.Equal(4094, stats.Pools.Single().Unassigned);
        coordinator.Tell(new RequestBlock(node, 99), TestActor);
        Assert.Equal(AllocationFailure.Unavailable, ExpectMsg<BlockRefused>(Timeout).Reason);
        Assert.Equal(40, (await NodeStats(allocator)).Pools.Single().Leased);

        // Told that its incarnation is retired, the allocator leases nothing more from the reclaimed blocks.
        await AwaitAssertAsync(
            async () => Assert.Equal(AllocationFailure.Unavailable, (await adapter.AllocateAsync("after", "u", null, CancellationToken.None)).Failure),
            Timeout);
        Assert.Equal(AllocationFailure.Unavailable, (await adapter.AllocateAsync("s1", "user1", null, CancellationToken.None)).Failure);
        Assert.Equal(0, (await PoolStats(coordinator)).Blocks);
    }

    [Fact]
    public async Task A_retired_incarnation_that_checks_in_is_told_so()
    {
        var (coordinator, _, _) = StartPool(Sys, Large(), new NodeIncarnation("n1", 2));
        coordinator.Tell(new NodeGone("n1", 1));
        coordinator.Tell(new AllocatorCheckIn(new NodeIncarnation("n1", 1)), TestActor);

        Assert.Equal(new NodeRetired(new NodeIncarnation("n1", 1)), ExpectMsg<NodeRetired>(Timeout));
    }

    [Fact]
    public async Task A_coordinator_that_starts_anew_reaches_the_allocators_with_its_pushes()
    {
        // As after a singleton handover: the allocator's proxy leads to a new coordinator, which recovers
        // the pool from the journal but has never seen the allocator's start-up check-in.
        var settings = Samples.Settings(pools: Samples.Main) with { CheckInInterval = TimeSpan.FromMilliseconds(200) };
        var node = new NodeIncarnation("n1", 1);
        var first = Sys.ActorOf(PoolCoordinatorActor.Props(settings), "coordinator-1");
        first.Tell(new NodeUp(node.NodeId, node.Incarnation));
        var proxy = Sys.ActorOf(Props.Create(() => new Relay(first)), "proxy");
        var allocator = Sys.ActorOf(NodeAddressAllocatorActor.Props(node, settings, proxy), "allocator-n1");
        var adapter = new ActorAddressAllocator(allocator, Timeout);
        var leased = await AllocateMany(adapter, 3);
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first, Timeout);
        var second = Sys.ActorOf(PoolCoordinatorActor.Props(settings), "coordinator-2");
        proxy.Tell(second);

        // A withdrawal: a free address of the node's block reserved for a user comes out of the block.
        var reserved = IPAddress.Parse("10.8.0.7");
        Assert.DoesNotContain(reserved, leased.Select(l => l.Address));
        second.Tell(new SyncStaticReservations(1, [new StaticReservation(Ipv4.ToUInt32(reserved), "alice")]), TestActor);
        ExpectMsg<StaticReservationsAccepted>(Timeout);
        await AwaitAssertAsync(
            async () => Assert.Equal(AllocationFailure.None, (await adapter.AllocateAsync("alice-1", "alice", reserved, CancellationToken.None)).Failure),
            Timeout);

        // A retirement: the node is gone, so its allocator leases nothing more (one session asked again
        // and again, so that no block request brings the news instead).
        second.Tell(new NodeGone(node.NodeId, node.Incarnation));
        await AwaitAssertAsync(
            async () => Assert.Equal(AllocationFailure.Unavailable, (await adapter.AllocateAsync("late", "u", null, CancellationToken.None)).Failure),
            Timeout);
    }

    [Fact]
    public async Task Static_addresses_are_exclusive_and_taken_out_of_held_blocks()
    {
        var settings = Samples.Settings(pools: Samples.Main);
        var (coordinator, allocator, adapter) = StartPool(Sys, settings, new NodeIncarnation("n1", 1));
        await AllocateMany(adapter, 3);
        var inHeldBlock = IPAddress.Parse("10.8.0.6");
        var outsideBlocks = IPAddress.Parse("10.8.0.200");

        var free = await adapter.AllocateAsync("bob-1", "bob", outsideBlocks, CancellationToken.None);
        Assert.Equal(new AddressLease(outsideBlocks, "static", "bob-1"), free.Lease);
        Assert.Equal(AllocationFailure.StaticAddressInUse, (await adapter.AllocateAsync("bob-2", "bob", outsideBlocks, CancellationToken.None)).Failure);
        Assert.Equal(AllocationFailure.StaticAddressInUse, (await adapter.AllocateAsync("x", "x", inHeldBlock, CancellationToken.None)).Failure);

        // Reserving it (as the user directory does) makes the node give it up.
        coordinator.Tell(new SyncStaticReservations(1, [new StaticReservation(Ipv4.ToUInt32(inHeldBlock), "alice")]), TestActor);
        ExpectMsg<StaticReservationsAccepted>(Timeout);
        await AwaitAssertAsync(
            async () => Assert.Equal(AllocationFailure.None, (await adapter.AllocateAsync("alice-1", "alice", inHeldBlock, CancellationToken.None)).Failure),
            Timeout);
        var dynamic = await AllocateMany(adapter, 30, "more");
        Assert.DoesNotContain(inHeldBlock, dynamic.Select(l => l.Address));
        Assert.DoesNotContain(outsideBlocks, dynamic.Select(l => l.Address));

        await adapter.ReleaseAsync(free.Lease!, CancellationToken.None);
        await AwaitAssertAsync(
            async () => Assert.Equal(AllocationFailure.None, (await adapter.AllocateAsync("bob-2", "bob", outsideBlocks, CancellationToken.None)).Failure),
            Timeout);
        var usage = (await PoolStats(coordinator)).Pools.Single();
        Assert.Equal(2, usage.StaticLeased);
        Assert.Equal(1, usage.Reserved);
        Assert.Equal(33, (await NodeStats(allocator)).Pools.Single().Leased);
    }

    [Fact]
    public async Task Without_an_answering_coordinator_requests_fail_as_unavailable()
    {
        var settings = new AddressPoolSettings([Samples.Main], 8, 4, 16, 50, TimeSpan.FromMilliseconds(300)).Validate();
        var silent = CreateTestProbe();
        var allocator = Sys.ActorOf(NodeAddressAllocatorActor.Props(new NodeIncarnation("n1", 1), settings, silent.Ref));
        var adapter = new ActorAddressAllocator(allocator, Timeout);

        var dynamic = await adapter.AllocateAsync("s", "u", null, CancellationToken.None);
        var fixedAddress = await adapter.AllocateAsync("t", "u", IPAddress.Parse("10.8.0.9"), CancellationToken.None);

        Assert.Equal(AllocationFailure.Unavailable, dynamic.Failure);
        Assert.Equal(AllocationFailure.Unavailable, fixedAddress.Failure);
        silent.ExpectMsg<AllocatorCheckIn>();
        Assert.IsType<RequestBlock>(silent.ReceiveOne(Timeout));

        var noAnswer = new ActorAddressAllocator(CreateTestProbe().Ref, TimeSpan.FromMilliseconds(200));
        Assert.Equal(AllocationFailure.Unavailable, (await noAnswer.AllocateAsync("s", "u", null, CancellationToken.None)).Failure);
        await noAnswer.ReleaseAsync(new AddressLease(IPAddress.Parse("10.8.0.9"), "main", "s"), CancellationToken.None);
    }

    [Fact]
    public async Task Measures_leases_per_second()
    {
        var (_, _, adapter) = StartPool(Sys, Large(), new NodeIncarnation("n1", 1));
        await AllocateMany(adapter, 100, "warm");

        const int count = 3000;
        var watch = Stopwatch.StartNew();
        var leases = await AllocateMany(adapter, count, "bench");
        var allocated = watch.Elapsed;
        await Task.WhenAll(leases.Select(l => adapter.ReleaseAsync(l, CancellationToken.None)));
        var total = watch.Elapsed;

        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            var lease = (await adapter.AllocateAsync($"seq{i}", "u", null, CancellationToken.None)).Lease!;
            await adapter.ReleaseAsync(lease, CancellationToken.None);
        }

        _output.WriteLine(
            $"SQLite: {count} concurrent allocations in {allocated.TotalMilliseconds:F0} ms ({count / allocated.TotalSeconds:F0}/s); " +
            $"allocate+release pairs {count / total.TotalSeconds:F0}/s; one at a time {200 / sequential.Elapsed.TotalSeconds:F0} pairs/s");
        Console.WriteLine($"[leases/s] concurrent allocate {count / allocated.TotalSeconds:F0}/s, allocate+release {count / total.TotalSeconds:F0} pairs/s, sequential {200 / sequential.Elapsed.TotalSeconds:F0} pairs/s");
        Assert.Equal(count, leases.Select(l => l.Address).Distinct().Count());
    }

    /// <summary>Stands in for a singleton proxy: forwards everything to the coordinator it was last given.</summary>
    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef coordinator)
        {
            Receive<IActorRef>(next => coordinator = next);
            ReceiveAny(m => coordinator.Forward(m));
        }
    }
}
