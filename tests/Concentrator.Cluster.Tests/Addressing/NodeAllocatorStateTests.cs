using Concentrator.Cluster.Addressing;

namespace Concentrator.Cluster.Tests.Addressing;

public class NodeAllocatorStateTests
{
    private static AddressBlock Block(int index, int first, int count) =>
        new(new BlockId("main", index), Enumerable.Range(first, count).Select(i => Samples.Ip($"10.8.0.{i}")).ToArray());

    private static NodeAllocatorState Started(long incarnation, params AddressBlock[] blocks)
    {
        var state = new NodeAllocatorState();
        foreach (var e in state.DecideIncarnation(incarnation))
        {
            state.Apply(e);
        }

        foreach (var block in blocks)
        {
            state.Apply(new BlockAccepted(block));
        }

        return state;
    }

    private static LeaseGranted Lease(NodeAllocatorState state, string session)
    {
        var granted = state.DecideLease(session, "user-" + session);
        Assert.NotNull(granted);
        state.Apply(granted);
        return granted;
    }

    [Fact]
    public void Leases_fill_the_fullest_block_first_and_never_repeat()
    {
        var state = Started(1, Block(0, 2, 6), Block(1, 8, 8));
        var seen = new HashSet<uint>();

        var first = Lease(state, "a");
        Assert.Equal(Samples.Ip("10.8.0.2"), first.Address);
        Assert.Equal("main", first.Pool);
        for (var i = 0; i < 13; i++)
        {
            Assert.True(seen.Add(Lease(state, $"s{i}").Address));
        }

        Assert.DoesNotContain(first.Address, seen);
        Assert.Equal(0, state.FreeCount);
        Assert.Equal(14, state.LeaseCount);
        Assert.Null(state.DecideLease("z", "z"));
        Assert.Equal(first.Address, state.FindLease("a")!.Address);
    }

    [Fact]
    public void Released_address_is_leased_again()
    {
        var state = Started(1, Block(0, 2, 2));
        var a = Lease(state, "a");
        Lease(state, "b");

        Assert.Null(state.DecideRelease(a.Address, "b"));
        var released = state.DecideRelease(a.Address, "a");
        Assert.Equal(new LeaseReleased(a.Address, "a", LeaseEndReason.SessionEnded), released);
        state.Apply(released!);

        Assert.Null(state.FindLease("a"));
        Assert.Equal(a.Address, Lease(state, "c").Address);
    }

    [Fact]
    public void Watermarks_ask_below_low_and_give_back_above_high()
    {
        var state = Started(1, Block(0, 2, 6));
        Assert.False(state.NeedsBlock(4));
        Lease(state, "a");
        Lease(state, "b");
        Lease(state, "c");
        Assert.True(state.NeedsBlock(4));

        state.Apply(new BlockAccepted(Block(1, 8, 8)));
        state.Apply(new BlockAccepted(Block(2, 16, 8)));
        state.Apply(new BlockAccepted(Block(3, 24, 8)));
        Assert.Equal(27, state.FreeCount);

        // 27 free > high 16: an unleased block goes back while at least low 4 stay free.
        var givenBack = state.DecideGiveBack(4, 16);
        Assert.Equal(new BlockGivenBack(new BlockId("main", 3)), givenBack);
        state.Apply(givenBack!);
        Assert.Equal(19, state.FreeCount);
        state.Apply(state.DecideGiveBack(4, 16)!);
        Assert.Equal(11, state.FreeCount);
        Assert.Null(state.DecideGiveBack(4, 16));

        // The block with leases never goes back.
        var leasedOnly = Started(1, Block(0, 2, 6));
        Lease(leasedOnly, "x");
        Assert.Null(leasedOnly.DecideGiveBack(0, 2));
    }

    [Fact]
    public void A_new_incarnation_releases_stale_leases_and_drops_blocks()
    {
        var state = Started(1, Block(0, 2, 6));
        var a = Lease(state, "a");
        var b = Lease(state, "b");

        Assert.Empty(state.DecideIncarnation(1));
        var events = state.DecideIncarnation(2);

        Assert.Equal<INodeAllocatorEvent>(
            [
                new LeaseReleased(a.Address, "a", LeaseEndReason.StaleIncarnation),
                new LeaseReleased(b.Address, "b", LeaseEndReason.StaleIncarnation),
                new AllocatorIncarnationStarted(2),
            ],
            events);
        foreach (var e in events)
        {
            state.Apply(e);
        }

        Assert.Equal(2, state.Incarnation);
        Assert.Equal(0, state.LeaseCount);
        Assert.Equal(0, state.FreeCount);
        Assert.Empty(state.Blocks);
    }

    [Fact]
    public void Withdrawn_free_address_leaves_at_once_and_leased_one_at_release()
    {
        var state = Started(1, Block(0, 2, 4));
        var leased = Lease(state, "a").Address;
        var free = Samples.Ip("10.8.0.5");

        Assert.Null(state.DecideWithdraw(Samples.Ip("10.8.0.99")));
        Assert.False(state.IsLeased(free));
        state.Apply(state.DecideWithdraw(free)!);
        Assert.False(state.Holds(free));
        Assert.Equal(2, state.FreeCount);

        Assert.True(state.IsLeased(leased));
        state.Apply(state.DecideWithdraw(leased)!);
        Assert.Null(state.DecideWithdraw(leased));
        Assert.True(state.IsWithdrawn(leased));
        state.Apply(state.DecideRelease(leased, "a")!);
        Assert.False(state.Holds(leased));
        Assert.False(state.IsWithdrawn(leased));
        Assert.Equal(2, state.FreeCount);
        Assert.Equal([Samples.Ip("10.8.0.3"), Samples.Ip("10.8.0.4")], state.Blocks.Single().Addresses);
        Assert.Equal([new NodePoolUsage("main", 2, 0, 2)], state.Usage());
    }

    [Fact]
    public void Snapshot_rebuilds_the_same_state()
    {
        var state = Started(3, Block(0, 2, 6), Block(1, 8, 8));
        Lease(state, "a");
        Lease(state, "b");
        state.Apply(new AddressWithdrawn(Samples.Ip("10.8.0.2")));

        var copy = NodeAllocatorState.FromSnapshot(state.ToSnapshot());

        Assert.Equivalent(state.ToSnapshot(), copy.ToSnapshot(), strict: true);
        Assert.Equal(state.FreeCount, copy.FreeCount);
        Assert.Equal(state.Usage(), copy.Usage());
        Assert.True(copy.IsWithdrawn(Samples.Ip("10.8.0.2")));
    }
}
