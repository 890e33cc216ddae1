using Concentrator.Cluster.Addressing;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.Addressing;
using CsCheck;

namespace Concentrator.Cluster.Tests.Addressing;

public class PoolCoordinatorStateTests
{
    private static readonly NodeIncarnation N1 = new("n1", 1);
    private static readonly NodeIncarnation N2 = new("n2", 7);

    private static PoolCoordinatorState NewState(AddressPoolSettings? settings = null, params NodeIncarnation[] nodes)
    {
        var state = new PoolCoordinatorState(settings ?? Samples.Settings());
        foreach (var node in nodes)
        {
            Assert.True(state.Register(node, out var events));
            ApplyAll(state, events);
        }

        return state;
    }

    private static void ApplyAll(PoolCoordinatorState state, IEnumerable<IPoolCoordinatorEvent> events)
    {
        foreach (var e in events)
        {
            state.Apply(e);
        }
    }

    private static AddressBlock Grant(PoolCoordinatorState state, NodeIncarnation node)
    {
        Assert.Equal(AllocationFailure.None, state.DecideBlock(node, out var granted));
        state.Apply(granted!);
        return granted!.Block;
    }

    [Fact]
    public void Blocks_until_exhaustion_cover_every_usable_address_once()
    {
        var state = NewState(null, N1, N2);
        var seen = new HashSet<uint>();
        var blocks = 0;
        while (state.DecideBlock(blocks % 2 == 0 ? N1 : N2, out var granted) == AllocationFailure.None)
        {
            state.Apply(granted!);
            foreach (var address in granted!.Block.Addresses)
            {
                Assert.True(seen.Add(address), $"{Ipv4.Format(address)} granted twice");
            }

            blocks++;
        }

        Assert.Equal(253 + 20, seen.Count);
        Assert.Equal(32 + 3, blocks);
        Assert.DoesNotContain(Samples.Ip("10.8.0.1"), seen);
        Assert.DoesNotContain(Samples.Ip("10.8.0.0"), seen);
        Assert.DoesNotContain(Samples.Ip("10.8.0.255"), seen);
        Assert.Equal(AllocationFailure.PoolExhausted, state.DecideBlock(N1, out _));
        Assert.All(state.Usage(), u => Assert.Equal(0, u.Unassigned));
    }

    [Fact]
    public void First_block_skips_excluded_addresses()
    {
        var state = NewState(null, N1);

        var block = Grant(state, N1);

        Assert.Equal(new BlockId("main", 0), block.Id);
        Assert.Equal(Enumerable.Range(2, 6).Select(i => Samples.Ip($"10.8.0.{i}")), block.Addresses);
    }

    [Fact]
    public void Unregistered_or_retired_nodes_get_nothing()
    {
        var state = NewState();

        Assert.Equal(AllocationFailure.Unavailable, state.DecideBlock(N1, out _));
        Assert.Equal(AllocationFailure.Unavailable, state.DecideStatic(N1, Samples.Ip("10.8.0.50"), "s", out _));

        ApplyAll(state, state.DecideNodeGone(N1));
        Assert.True(state.IsRetired(N1));
        Assert.False(state.Register(N1, out var events));
        Assert.Empty(events);
        Assert.Empty(state.DecideNodeGone(N1));
    }

    [Fact]
    public void Node_gone_reclaims_its_blocks_and_statics_only()
    {
        var state = NewState(null, N1, N2);
        var b1 = Grant(state, N1);
        var b2 = Grant(state, N2);
        state.DecideStatic(N1, Samples.Ip("10.8.0.200"), "s1", out var static1);
        state.Apply(static1!);

        var events = state.DecideNodeGone(N1);
        Assert.Equal([new NodeBlocksReclaimed(N1)], events);
        ApplyAll(state, events);

        Assert.Empty(state.BlocksOf(N1));
        Assert.Equal([b2.Id], state.BlocksOf(N2).Select(b => b.Id));
        Assert.Empty(state.Statics);
        Assert.Null(state.CurrentIncarnation("n1"));
        Assert.Equal(AllocationFailure.Unavailable, state.DecideBlock(N1, out _));

        // The reclaimed block is the first free one again, for anybody.
        Assert.Equal(b1.Id, Grant(state, N2).Id);
    }

    [Fact]
    public void A_new_incarnation_retires_the_old_one_and_reclaims_its_blocks()
    {
        var state = NewState(null, N1);
        Grant(state, N1);
        Grant(state, N1);
        var next = N1 with { Incarnation = 2 };

        Assert.True(state.Register(next, out var events));
        Assert.Equal<IPoolCoordinatorEvent>([new NodeBlocksReclaimed(N1), new NodeIncarnationRegistered(next)], events);
        ApplyAll(state, events);

        Assert.Empty(state.BlocksOf(N1));
        Assert.Equal(2, state.CurrentIncarnation("n1"));
        Assert.True(state.IsRetired(N1));
        Assert.False(state.Register(N1, out _));
        Assert.Equal(new BlockId("main", 0), Grant(state, next).Id);
    }

    [Fact]
    public void Returned_block_goes_back_only_from_its_owner()
    {
        var state = NewState(null, N1, N2);
        var block = Grant(state, N1);

        Assert.Null(state.DecideReturn(N2, block.Id));
        var returned = state.DecideReturn(N1, block.Id);
        Assert.Equal(new BlockReturned(N1, block.Id), returned);
        state.Apply(returned!);

        Assert.Empty(state.Blocks);
        Assert.Equivalent(block, Grant(state, N2), strict: true);
    }

    [Fact]
    public void Statics_are_exclusive_and_never_inside_a_block()
    {
        var state = NewState(null, N1, N2);
        var inBlock = Grant(state, N1).Addresses[0];
        var free = Samples.Ip("10.8.0.100");

        Assert.Equal(AllocationFailure.StaticAddressInUse, state.DecideStatic(N2, inBlock, "s1", out _));
        Assert.Equal(AllocationFailure.StaticAddressInUse, state.DecideStatic(N2, Samples.Ip("10.8.0.1"), "s1", out _));
        Assert.Equal(AllocationFailure.None, state.DecideStatic(N2, free, "s1", out var granted));
        state.Apply(granted!);
        Assert.Equal(AllocationFailure.None, state.DecideStatic(N2, free, "s1", out var again));
        Assert.Null(again);
        Assert.Equal(AllocationFailure.StaticAddressInUse, state.DecideStatic(N1, free, "s2", out _));

        // Blocks granted while the static is leased leave it out.
        while (state.DecideBlock(N1, out var block) == AllocationFailure.None)
        {
            state.Apply(block!);
            Assert.DoesNotContain(free, block!.Block.Addresses);
        }

        Assert.Null(state.DecideStaticRelease(free, "other"));
        state.Apply(state.DecideStaticRelease(free, "s1")!);
        Assert.Empty(state.Statics);
    }

    [Fact]
    public void Statics_outside_every_pool_are_only_kept_unique()
    {
        var state = NewState(null, N1);
        var outside = Samples.Ip("192.0.2.7");

        Assert.Equal(AllocationFailure.None, state.DecideStatic(N1, outside, "s1", out var granted));
        state.Apply(granted!);
        Assert.Equal(AllocationFailure.StaticAddressInUse, state.DecideStatic(N1, outside, "s2", out _));
    }

    [Fact]
    public void Reserved_addresses_stay_out_of_blocks_and_are_withdrawn_from_held_ones()
    {
        var state = NewState(null, N1);
        var held = Grant(state, N1);
        var reservedHeld = held.Addresses[2];
        var reservedFree = Samples.Ip("10.8.0.12");

        var changed = state.DecideReservations([new StaticReservation(reservedHeld, "alice"), new StaticReservation(reservedFree, "bob")]);
        state.Apply(changed!);
        Assert.Null(state.DecideReservations([new StaticReservation(reservedFree, "bob"), new StaticReservation(reservedHeld, "alice")]));

        Assert.Equal([(reservedHeld, N1)], state.PendingWithdrawals());
        var next = Grant(state, N1);
        Assert.DoesNotContain(reservedFree, next.Addresses);
        Assert.Equal(7, next.Addresses.Count);

        Assert.Equal(AllocationFailure.StaticAddressInUse, state.DecideStatic(N1, reservedHeld, "alice-1", out _));
        Assert.Null(state.DecideSurrender(new NodeIncarnation("n9", 1), reservedHeld));
        state.Apply(state.DecideSurrender(N1, reservedHeld)!);
        Assert.Empty(state.PendingWithdrawals());
        Assert.DoesNotContain(reservedHeld, state.BlocksOf(N1).Single(b => b.Id == held.Id).Addresses);
        Assert.Equal(AllocationFailure.None, state.DecideStatic(N1, reservedHeld, "alice-1", out _));

        var usage = state.Usage().Single(u => u.Pool == "main");
        Assert.Equal(new PoolUsage("main", 253, 5 + 7, 0, 2, 253 - 12), usage);
    }

    [Fact]
    public void Snapshot_rebuilds_the_same_state()
    {
        var state = NewState(null, N1, N2);
        Grant(state, N1);
        Grant(state, N2);
        state.Apply(state.DecideReservations([new StaticReservation(Samples.Ip("10.8.0.3"), "alice")])!);
        state.DecideStatic(N2, Samples.Ip("10.8.0.200"), "s", out var granted);
        state.Apply(granted!);
        ApplyAll(state, state.DecideNodeGone(new NodeIncarnation("n3", 4)));

        var copy = PoolCoordinatorState.FromSnapshot(state.Settings, state.ToSnapshot());

        Assert.Equivalent(state.ToSnapshot(), copy.ToSnapshot(), strict: true);
        Assert.Equal(state.PendingWithdrawals(), copy.PendingWithdrawals());
        Assert.Equal(state.Usage(), copy.Usage());
    }

    [Fact]
    public void Random_histories_never_put_an_address_in_two_places()
    {
        var nodes = new[] { N1, N2, new NodeIncarnation("n1", 2), new NodeIncarnation("n3", 1) };
        var op = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 3], Gen.Int[2, 40]);
        op.Array[1, 120].Sample(ops =>
        {
            var state = new PoolCoordinatorState(Samples.Settings(blockSize: 8, low: 4, high: 16, snapshotEvery: 50, Samples.Small, AddressPoolDefinition.Parse("t", "10.7.0.0/27")));
            var session = 0;
            foreach (var (kind, nodeIndex, host) in ops)
            {
                var node = nodes[nodeIndex];
                var address = host < 30 ? Samples.Ip($"10.7.0.{host}") : Samples.Ip($"10.9.0.{host - 20}");
                switch (kind)
                {
                    case 0 or 1:
                        if (state.Register(node, out var registered))
                        {
                            ApplyAll(state, registered);
                            if (state.DecideBlock(node, out var block) == AllocationFailure.None)
                            {
                                state.Apply(block!);
                            }
                        }

                        break;
                    case 2:
                        ApplyAll(state, state.DecideNodeGone(node));
                        break;
                    case 3:
                        if (state.Register(node, out var events))
                        {
                            ApplyAll(state, events);
                            if (state.DecideStatic(node, address, $"s{session++}", out var granted) == AllocationFailure.None && granted is not null)
                            {
                                state.Apply(granted);
                            }
                        }

                        break;
                    case 4:
                        var reservations = state.DecideReservations([new StaticReservation(address, "u")]);
                        if (reservations is not null)
                        {
                            state.Apply(reservations);
                        }

                        foreach (var (withdrawn, owner) in state.PendingWithdrawals())
                        {
                            state.Apply(state.DecideSurrender(owner, withdrawn)!);
                        }

                        break;
                    case 5:
                        var first = state.Blocks.FirstOrDefault();
                        if (first is not null)
                        {
                            state.Apply(state.DecideReturn(first.Owner, first.Block.Id)!);
                        }

                        break;
                    default:
                        var grant = state.Statics.FirstOrDefault();
                        if (grant is not null)
                        {
                            state.Apply(state.DecideStaticRelease(grant.Address, grant.SessionId)!);
                        }

                        break;
                }

                var inBlocks = state.Blocks.SelectMany(b => b.Block.Addresses).ToList();
                Assert.Equal(inBlocks.Count, inBlocks.Distinct().Count());
                Assert.Empty(state.Statics.Select(s => s.Address).Intersect(inBlocks));
                Assert.All(state.Blocks, b => Assert.False(state.IsRetired(b.Owner)));
                Assert.All(inBlocks, a => Assert.True(state.Settings.FindPool(a)!.IsUsable(a)));
            }
        });
    }
}
