namespace Concentrator.Cluster.Addressing;

/// <summary>
/// One node's share of the pool, without actors: the blocks the coordinator granted it and the leases it
/// gave to sessions. Decision methods return events; only <see cref="Apply"/> changes the state.
/// </summary>
public sealed class NodeAllocatorState
{
    private readonly Dictionary<BlockId, HeldBlock> _blocks = [];
    private readonly Dictionary<uint, BlockId> _blockOf = [];
    private readonly Dictionary<uint, LeaseRecord> _leases = [];
    private readonly Dictionary<string, uint> _bySession = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _withdrawn = [];

    /// <summary>The incarnation the journal belongs to (0 before the first start).</summary>
    public long Incarnation { get; private set; }

    /// <summary>Addresses ready to lease.</summary>
    public int FreeCount { get; private set; }

    /// <summary>Addresses leased to sessions.</summary>
    public int LeaseCount => _leases.Count;

    /// <summary>The node's blocks as they are now (without surrendered addresses).</summary>
    public IReadOnlyList<AddressBlock> Blocks => _blocks.Values.Select(b => b.Block).ToArray();

    /// <summary>The session's lease, or null.</summary>
    public LeaseRecord? FindLease(string sessionId) =>
        _bySession.TryGetValue(sessionId, out var address) ? _leases[address] : null;

    /// <summary>True when the address was withdrawn while leased and is to be surrendered when released.</summary>
    public bool IsWithdrawn(uint address) => _withdrawn.Contains(address);

    /// <summary>True when the address is in one of the node's blocks.</summary>
    public bool Holds(uint address) => _blockOf.ContainsKey(address);

    /// <summary>
    /// At the start of an incarnation: when the journal is from another incarnation, every lease in it is
    /// stale (its session died with that process) and is released, then all its blocks are dropped (the
    /// coordinator reclaims them when it sees the new incarnation).
    /// </summary>
    public IReadOnlyList<INodeAllocatorEvent> DecideIncarnation(long incarnation)
    {
        if (incarnation == Incarnation)
        {
            return [];
        }

        var events = new List<INodeAllocatorEvent>();
        foreach (var lease in _leases.Values.OrderBy(l => l.Address))
        {
            events.Add(new LeaseReleased(lease.Address, lease.SessionId, LeaseEndReason.StaleIncarnation));
        }

        events.Add(new AllocatorIncarnationStarted(incarnation));
        return events;
    }

    /// <summary>
    /// Picks an address for a session: from the fullest block that still has one (so that other blocks empty
    /// out and can go back), lowest address first. Null when no address is free.
    /// </summary>
    public LeaseGranted? DecideLease(string sessionId, string userName)
    {
        HeldBlock? best = null;
        foreach (var block in _blocks.Values)
        {
            if (block.Free.Count > 0 && (best is null || block.Free.Count < best.Free.Count
                || (block.Free.Count == best.Free.Count && block.Free.Min < best.Free.Min)))
            {
                best = block;
            }
        }

        return best is null ? null : new LeaseGranted(best.Free.Min, best.Block.Id.Pool, sessionId, userName);
    }

    /// <summary>Ends the session's lease of <paramref name="address"/>; null when it does not hold it.</summary>
    public LeaseReleased? DecideRelease(uint address, string sessionId) =>
        _leases.TryGetValue(address, out var lease) && lease.SessionId == sessionId
            ? new LeaseReleased(address, sessionId, LeaseEndReason.SessionEnded)
            : null;

    /// <summary>True when the node should ask for another block.</summary>
    public bool NeedsBlock(int lowWatermark) => FreeCount < lowWatermark;

    /// <summary>
    /// A block to give back when more than <paramref name="highWatermark"/> addresses are free: one with no
    /// lease whose departure still leaves at least <paramref name="lowWatermark"/> free.
    /// </summary>
    public BlockGivenBack? DecideGiveBack(int lowWatermark, int highWatermark)
    {
        if (FreeCount <= highWatermark)
        {
            return null;
        }

        foreach (var block in _blocks.Values.OrderByDescending(b => b.Block.Id.Pool, StringComparer.Ordinal).ThenByDescending(b => b.Block.Id.Index))
        {
            if (block.Leased == 0 && FreeCount - block.Free.Count >= lowWatermark)
            {
                return new BlockGivenBack(block.Block.Id);
            }
        }

        return null;
    }

    /// <summary>
    /// The coordinator wants a reserved address back. Null when the node does not hold it (it can be
    /// surrendered at once) or withdrew it already.
    /// </summary>
    public AddressWithdrawn? DecideWithdraw(uint address) =>
        _blockOf.ContainsKey(address) && !_withdrawn.Contains(address) ? new AddressWithdrawn(address) : null;

    /// <summary>True when the address can be surrendered right after it is withdrawn (no session holds it).</summary>
    public bool IsLeased(uint address) => _leases.ContainsKey(address);

    /// <summary>Per-pool figures.</summary>
    public IReadOnlyList<NodePoolUsage> Usage() =>
        _blocks.Values
            .GroupBy(b => b.Block.Id.Pool, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NodePoolUsage(g.Key, g.Sum(b => b.Block.Addresses.Count), g.Sum(b => b.Leased), g.Sum(b => b.Free.Count)))
            .ToArray();

    /// <summary>Changes the state by one event (live or replayed). Never throws on an event that does not fit.</summary>
    public void Apply(INodeAllocatorEvent @event)
    {
        switch (@event)
        {
            case AllocatorIncarnationStarted e:
                _blocks.Clear();
                _blockOf.Clear();
                _leases.Clear();
                _bySession.Clear();
                _withdrawn.Clear();
                FreeCount = 0;
                Incarnation = e.Incarnation;
                break;
            case BlockAccepted e:
                if (!_blocks.ContainsKey(e.Block.Id))
                {
                    var held = new HeldBlock(e.Block);
                    foreach (var address in e.Block.Addresses)
                    {
                        if (_blockOf.TryAdd(address, e.Block.Id))
                        {
                            held.Free.Add(address);
                        }
                    }

                    _blocks[e.Block.Id] = held;
                    FreeCount += held.Free.Count;
                }

                break;
            case BlockGivenBack e:
                if (_blocks.Remove(e.Block, out var given))
                {
                    FreeCount -= given.Free.Count;
                    foreach (var address in given.Block.Addresses)
                    {
                        _blockOf.Remove(address);
                    }
                }

                break;
            case LeaseGranted e:
                if (_blockOf.TryGetValue(e.Address, out var leasedFrom) && _blocks[leasedFrom].Free.Remove(e.Address))
                {
                    _blocks[leasedFrom].Leased++;
                    FreeCount--;
                }

                _leases[e.Address] = new LeaseRecord(e.Address, e.Pool, e.SessionId, e.UserName);
                _bySession[e.SessionId] = e.Address;
                break;
            case LeaseReleased e:
                if (_leases.TryGetValue(e.Address, out var lease) && lease.SessionId == e.SessionId)
                {
                    _leases.Remove(e.Address);
                    _bySession.Remove(e.SessionId);
                    if (_blockOf.TryGetValue(e.Address, out var releasedTo))
                    {
                        var block = _blocks[releasedTo];
                        block.Leased--;
                        if (_withdrawn.Remove(e.Address))
                        {
                            Drop(block, e.Address);
                        }
                        else
                        {
                            block.Free.Add(e.Address);
                            FreeCount++;
                        }
                    }
                }

                break;
            case AddressWithdrawn e:
                if (_blockOf.TryGetValue(e.Address, out var withdrawnFrom))
                {
                    var block = _blocks[withdrawnFrom];
                    if (block.Free.Remove(e.Address))
                    {
                        FreeCount--;
                        Drop(block, e.Address);
                    }
                    else
                    {
                        _withdrawn.Add(e.Address);
                    }
                }

                break;
        }
    }

    /// <summary>The whole state as a snapshot.</summary>
    public NodeAllocatorSnapshot ToSnapshot() => new(
        Incarnation,
        _blocks.Values.Select(b => b.Block).OrderBy(b => b.Id.Pool, StringComparer.Ordinal).ThenBy(b => b.Id.Index).ToArray(),
        _leases.Values.OrderBy(l => l.Address).ToArray(),
        _withdrawn.Order().ToArray());

    /// <summary>Rebuilds the state from a snapshot.</summary>
    public static NodeAllocatorState FromSnapshot(NodeAllocatorSnapshot snapshot)
    {
        var state = new NodeAllocatorState();
        state.Apply(new AllocatorIncarnationStarted(snapshot.Incarnation));
        foreach (var block in snapshot.Blocks)
        {
            state.Apply(new BlockAccepted(block));
        }

        foreach (var lease in snapshot.Leases)
        {
            state.Apply(new LeaseGranted(lease.Address, lease.Pool, lease.SessionId, lease.UserName));
        }

        state._withdrawn.UnionWith(snapshot.Withdrawn);
        return state;
    }

    private void Drop(HeldBlock block, uint address)
    {
        block.Block = block.Block.Without(address);
        _blockOf.Remove(address);
    }

    private sealed class HeldBlock(AddressBlock block)
    {
        public AddressBlock Block { get; set; } = block;

        public SortedSet<uint> Free { get; } = [];

        public int Leased { get; set; }
    }
}
