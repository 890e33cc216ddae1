using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Tests.Addressing;

/// <summary>A node's allocator against a scripted coordinator (a test probe), message by message.</summary>
public sealed class NodeAllocatorProtocolTests : SqliteTestKit
{
    private static readonly NodeIncarnation Node = new("n1", 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static AddressBlock Block(int index, params int[] hosts) =>
        new(new BlockId("main", index), hosts.Select(h => Samples.Ip($"10.8.0.{h}")).ToArray());

    private (Akka.TestKit.TestProbe Coordinator, IActorRef Allocator) Start(TimeSpan requestTimeout)
    {
        // No periodic check-in during a test: the scripted coordinator sees only the messages it waits for.
        var settings = new AddressPoolSettings([Samples.Main], 4, 2, 8, 50, requestTimeout, CheckInInterval: TimeSpan.FromHours(1)).Validate();
        var coordinator = CreateTestProbe();
        var allocator = Sys.ActorOf(NodeAddressAllocatorActor.Props(Node, settings, coordinator.Ref));
        Assert.Equal(new AllocatorCheckIn(Node), coordinator.ExpectMsg<AllocatorCheckIn>(Timeout));
        return (coordinator, allocator);
    }

    private AllocationResult Allocate(IActorRef allocator, string session)
    {
        allocator.Tell(new AllocateAddress(session, "u", null), TestActor);
        return ExpectMsg<AllocationResult>(Timeout);
    }

    [Fact]
    public void A_block_is_asked_for_ahead_of_need_and_an_exhausted_pool_fails_fast_for_a_while()
    {
        // The pause after "exhausted" is the request timeout: long enough that the silence checked below falls
        // inside it on a slow machine too.
        var (coordinator, allocator) = Start(TimeSpan.FromSeconds(3));

        // Below the low watermark from the start: a block is asked for before anybody needs one.
        var first = coordinator.ExpectMsg<RequestBlock>(Timeout);
        coordinator.Reply(new BlockGrant(Node, first.RequestNo, Block(0, 2, 3)));
        Assert.Equal("10.8.0.2", Allocate(allocator, "a").Lease!.Address.ToString());

        // One free address left (< 2): the next block is asked for at once.
        var second = coordinator.ExpectMsg<RequestBlock>(Timeout);
        Assert.Equal(first.RequestNo + 1, second.RequestNo);
        coordinator.Reply(new BlockRefused(Node, second.RequestNo, AllocationFailure.PoolExhausted));
        Assert.Equal("10.8.0.3", Allocate(allocator, "b").Lease!.Address.ToString());

        // Nothing free and the pool known to be exhausted: refused without waiting or asking.
        Assert.Equal(AllocationFailure.PoolExhausted, Allocate(allocator, "c").Failure);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // After the pause the allocator asks again by itself.
        var third = coordinator.ExpectMsg<RequestBlock>(Timeout);
        allocator.Tell(new AllocateAddress("c", "u", null), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        coordinator.Reply(new BlockGrant(Node, third.RequestNo, Block(1, 4, 5, 6, 7)));
        Assert.Equal("10.8.0.4", ExpectMsg<AllocationResult>(Timeout).Lease!.Address.ToString());
    }

    [Fact]
    public void Grants_for_another_incarnation_or_after_retirement_are_ignored()
    {
        var (coordinator, allocator) = Start(TimeSpan.FromSeconds(5));
        var request = coordinator.ExpectMsg<RequestBlock>(Timeout);

        allocator.Tell(new BlockGrant(Node with { Incarnation = 9 }, request.RequestNo, Block(0, 2, 3)));
        allocator.Tell(new NodeRetired(Node));
        allocator.Tell(new BlockGrant(Node, request.RequestNo, Block(0, 2, 3)));

        Assert.Equal(AllocationFailure.Unavailable, Allocate(allocator, "a").Failure);
        allocator.Tell(GetNodePoolStats.Instance, TestActor);
        Assert.Equal(0, ExpectMsg<NodePoolStats>(Timeout).Blocks);
    }
}
