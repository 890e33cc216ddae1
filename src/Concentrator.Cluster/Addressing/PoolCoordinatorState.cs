using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Addressing;

/// <summary>
/// The cluster-wide view of the address pool, without actors: which node incarnation holds which block,
/// which users' static addresses are leased and which are reserved. Decision methods return events;
/// only <see cref="Apply"/> changes the state, so replaying the journal rebuilds it exactly.
/// Invariants: no address is in two blocks; no static lease, reserved address or excluded address is
/// put into a block; a static address is leased to one session at a time and never while it is in a block.
/// </summary>
public sealed class PoolCoordinatorState
{
    private readonly AddressPoolSettings _settings;
    private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);
    private readonly HashSet<NodeIncarnation> _retired = [];
    private readonly Dictionary<BlockId, GrantedBlock> _blocks = [];
    private readonly Dictionary<uint, BlockId> _blockOf = [];
    private readonly Dictionary<uint, StaticGrant> _statics = [];
    private Dictionary<uint, string> _reserved = [];

    public PoolCoordinatorState(AddressPoolSettings settings)
    {
        _settings = settings;
    }

    public AddressPoolSettings Settings => _settings;

    /// <summary>Every granted block.</summary>
    public IReadOnlyCollection<GrantedBlock> Blocks => _blocks.Values;

    /// <summary>Every leased static address.</summary>
    public IReadOnlyCollection<StaticGrant> Statics => _statics.Values;

    /// <summary>The incarnation of <paramref name="nodeId"/> in service, or null.</summary>
    public long? CurrentIncarnation(string nodeId) => _current.TryGetValue(nodeId, out var incarnation) ? incarnation : null;

    /// <summary>True when the incarnation has gone (it can never take blocks again).</summary>
    public bool IsRetired(NodeIncarnation node) => _retired.Contains(node);

    /// <summary>The blocks held by <paramref name="node"/>.</summary>
    public IReadOnlyList<AddressBlock> BlocksOf(NodeIncarnation node) =>
        _blocks.Values.Where(b => b.Owner == node).Select(b => b.Block).ToArray();

    /// <summary>The block holding <paramref name="address"/>, if any.</summary>
    public GrantedBlock? BlockHolding(uint address) =>
        _blockOf.TryGetValue(address, out var id) ? _blocks[id] : null;

    /// <summary>Reserved addresses that still sit in some node's block and must be withdrawn from it.</summary>
    public IReadOnlyList<(uint Address, NodeIncarnation Owner)> PendingWithdrawals() =>
        _reserved.Keys.Where(_blockOf.ContainsKey).Order().Select(a => (a, _blocks[_blockOf[a]].Owner)).ToArray();

    /// <summary>
    /// Registers a node incarnation before it is served. A new incarnation of a known node retires the
    /// earlier one and reclaims its blocks (its process is gone). Returns false for a retired incarnation.
    /// </summary>
    public bool Register(NodeIncarnation node, out IReadOnlyList<IPoolCoordinatorEvent> events)
    {
        if (_retired.Contains(node))
        {
            events = [];
            return false;
        }

        if (_current.TryGetValue(node.NodeId, out var incarnation))
        {
            if (incarnation == node.Incarnation)
            {
                events = [];
                return true;
            }

            events = [new NodeBlocksReclaimed(node with { Incarnation = incarnation }), new NodeIncarnationRegistered(node)];
            return true;
        }

        events = [new NodeIncarnationRegistered(node)];
        return true;
    }

    /// <summary>The node incarnation is gone: reclaim its blocks and static leases, and retire it.</summary>
    public IReadOnlyList<IPoolCoordinatorEvent> DecideNodeGone(NodeIncarnation node) =>
        _retired.Contains(node) ? [] : [new NodeBlocksReclaimed(node)];

    /// <summary>Picks the next block for a registered node: the first slice of the first pool with a usable address.</summary>
    public AllocationFailure DecideBlock(NodeIncarnation node, out BlockGranted? granted)
    {
        granted = null;
        if (!IsServing(node))
        {
            return AllocationFailure.Unavailable;
        }

        foreach (var pool in _settings.Pools)
        {
            var count = pool.BlockCount(_settings.BlockSize);
            for (var index = 0; index < count; index++)
            {
                var id = new BlockId(pool.Name, index);
                if (_blocks.ContainsKey(id))
                {
                    continue;
                }

                var (first, last) = pool.BlockRange(index, _settings.BlockSize);
                var addresses = new List<uint>();
                for (var address = first; ; address++)
                {
                    if (pool.IsUsable(address) && !_blockOf.ContainsKey(address) && !_statics.ContainsKey(address)
                        && !_reserved.ContainsKey(address))
                    {
                        addresses.Add(address);
                    }

                    if (address == last)
                    {
                        break;
                    }
                }

                if (addresses.Count > 0)
                {
                    granted = new BlockGranted(node, new AddressBlock(id, addresses.ToArray()));
                    return AllocationFailure.None;
                }
            }
        }

        return AllocationFailure.PoolExhausted;
    }

    /// <summary>A node gives a block back; ignored unless that incarnation holds it.</summary>
    public BlockReturned? DecideReturn(NodeIncarnation node, BlockId block) =>
        _blocks.TryGetValue(block, out var granted) && granted.Owner == node ? new BlockReturned(node, block) : null;

    /// <summary>
    /// Leases a static address to a session of a registered node. Refused (StaticAddressInUse) when another
    /// session holds it, when it still sits in a node's block, or when it is an excluded address of a pool.
    /// Asking again for the same session succeeds without a new event.
    /// </summary>
    public AllocationFailure DecideStatic(NodeIncarnation node, uint address, string sessionId, out StaticGranted? granted)
    {
        granted = null;
        if (!IsServing(node))
        {
            return AllocationFailure.Unavailable;
        }

        if (_statics.TryGetValue(address, out var holder))
        {
            return holder.SessionId == sessionId && holder.Holder == node ? AllocationFailure.None : AllocationFailure.StaticAddressInUse;
        }

        if (_blockOf.ContainsKey(address) || _settings.FindPool(address)?.IsExcluded(address) == true)
        {
            return AllocationFailure.StaticAddressInUse;
        }

        granted = new StaticGranted(address, node, sessionId);
        return AllocationFailure.None;
    }

    /// <summary>Ends a static lease; null when the session does not hold the address.</summary>
    public StaticReleased? DecideStaticRelease(uint address, string sessionId) =>
        _statics.TryGetValue(address, out var holder) && holder.SessionId == sessionId ? new StaticReleased(address, sessionId) : null;

    /// <summary>Takes the user directory's reservations; null when they are what the coordinator holds already.</summary>
    public StaticReservationsChanged? DecideReservations(IReadOnlyList<StaticReservation> reservations)
    {
        var incoming = reservations.GroupBy(r => r.Address).ToDictionary(g => g.Key, g => g.First().UserName);
        if (incoming.Count == _reserved.Count && incoming.All(kv => _reserved.TryGetValue(kv.Key, out var user) && user == kv.Value))
        {
            return null;
        }

        return new StaticReservationsChanged(incoming.OrderBy(kv => kv.Key).Select(kv => new StaticReservation(kv.Key, kv.Value)).ToArray());
    }

    /// <summary>A node took an address out of its block; null unless that incarnation's block holds it.</summary>
    public BlockAddressSurrendered? DecideSurrender(NodeIncarnation node, uint address) =>
        _blockOf.TryGetValue(address, out var id) && _blocks[id].Owner == node ? new BlockAddressSurrendered(node, id, address) : null;

    /// <summary>Per-pool figures.</summary>
    public IReadOnlyList<PoolUsage> Usage()
    {
        var result = new List<PoolUsage>();
        foreach (var pool in _settings.Pools)
        {
            var inBlocks = _blockOf.Keys.Count(pool.Contains);
            var statics = _statics.Keys.Count(pool.Contains);
            var reserved = _reserved.Keys.Count(pool.IsUsable);
            result.Add(new PoolUsage(pool.Name, pool.UsableCount, inBlocks, statics, reserved, pool.UsableCount - inBlocks - statics));
        }

        return result;
    }

    /// <summary>Changes the state by one event (live or replayed). Never throws on an event that does not fit.</summary>
    public void Apply(IPoolCoordinatorEvent @event)
    {
        switch (@event)
        {
            case NodeIncarnationRegistered e:
                _current[e.Node.NodeId] = e.Node.Incarnation;
                break;
            case NodeBlocksReclaimed e:
                foreach (var block in _blocks.Values.Where(b => b.Owner == e.Node).ToArray())
                {
                    RemoveBlock(block.Block.Id);
                }

                foreach (var grant in _statics.Values.Where(s => s.Holder == e.Node).ToArray())
                {
                    _statics.Remove(grant.Address);
                }

                _retired.Add(e.Node);
                if (_current.TryGetValue(e.Node.NodeId, out var incarnation) && incarnation == e.Node.Incarnation)
                {
                    _current.Remove(e.Node.NodeId);
                }

                break;
            case BlockGranted e:
                RemoveBlock(e.Block.Id);
                _blocks[e.Block.Id] = new GrantedBlock(e.Node, e.Block);
                foreach (var address in e.Block.Addresses)
                {
                    _blockOf[address] = e.Block.Id;
                }

                break;
            case BlockReturned e:
                RemoveBlock(e.Block);
                break;
            case StaticGranted e:
                _statics[e.Address] = new StaticGrant(e.Address, e.Node, e.SessionId);
                break;
            case StaticReleased e:
                if (_statics.TryGetValue(e.Address, out var holder) && holder.SessionId == e.SessionId)
                {
                    _statics.Remove(e.Address);
                }

                break;
            case StaticReservationsChanged e:
                _reserved = e.Reservations.GroupBy(r => r.Address).ToDictionary(g => g.Key, g => g.First().UserName);
                break;
            case BlockAddressSurrendered e:
                if (_blocks.TryGetValue(e.Block, out var granted) && _blockOf.TryGetValue(e.Address, out var id) && id == e.Block)
                {
                    _blocks[e.Block] = granted with { Block = granted.Block.Without(e.Address) };
                    _blockOf.Remove(e.Address);
                }

                break;
        }
    }

    /// <summary>The whole state as a snapshot.</summary>
    public PoolCoordinatorSnapshot ToSnapshot() => new(
        _current.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new NodeIncarnation(kv.Key, kv.Value)).ToArray(),
        _retired.OrderBy(n => n.NodeId, StringComparer.Ordinal).ThenBy(n => n.Incarnation).ToArray(),
        _blocks.Values.OrderBy(b => b.Block.Id.Pool, StringComparer.Ordinal).ThenBy(b => b.Block.Id.Index).ToArray(),
        _statics.Values.OrderBy(s => s.Address).ToArray(),
        _reserved.OrderBy(kv => kv.Key).Select(kv => new StaticReservation(kv.Key, kv.Value)).ToArray());

    /// <summary>Rebuilds the state from a snapshot.</summary>
    public static PoolCoordinatorState FromSnapshot(AddressPoolSettings settings, PoolCoordinatorSnapshot snapshot)
    {
        var state = new PoolCoordinatorState(settings);
        foreach (var node in snapshot.Current)
        {
            state._current[node.NodeId] = node.Incarnation;
        }

        state._retired.UnionWith(snapshot.Retired);
        foreach (var block in snapshot.Blocks)
        {
            state.Apply(new BlockGranted(block.Owner, block.Block));
        }

        foreach (var grant in snapshot.Statics)
        {
            state._statics[grant.Address] = grant;
        }

        state.Apply(new StaticReservationsChanged(snapshot.Reservations));
        return state;
    }

    private bool IsServing(NodeIncarnation node) =>
        _current.TryGetValue(node.NodeId, out var incarnation) && incarnation == node.Incarnation;

    private void RemoveBlock(BlockId id)
    {
        if (_blocks.Remove(id, out var block))
        {
            foreach (var address in block.Block.Addresses)
            {
                _blockOf.Remove(address);
            }
        }
    }
}
