namespace Concentrator.Cluster.Addressing;

/// <summary>A node's incarnation: the node id plus a number that is new each time the node's process starts.</summary>
/// <param name="NodeId">The node's stable name (the allocator's persistence id contains it).</param>
/// <param name="Incarnation">Unique per process start: the cluster member's UID (<see cref="Membership.MembershipBridge.Incarnation"/>).</param>
public readonly record struct NodeIncarnation(string NodeId, long Incarnation)
{
    public override string ToString() => $"{NodeId}#{Incarnation}";
}

/// <summary>Names a block: the pool and the block's index in that pool's range.</summary>
public readonly record struct BlockId(string Pool, int Index)
{
    public override string ToString() => $"{Pool}[{Index}]";
}

/// <summary>
/// A block of addresses granted to one node: the usable addresses of one slice of a pool's range
/// (without excluded, reserved or statically leased addresses), ascending.
/// </summary>
public sealed record AddressBlock(BlockId Id, IReadOnlyList<uint> Addresses)
{
    /// <summary>The same block without <paramref name="address"/>.</summary>
    public AddressBlock Without(uint address) => this with { Addresses = Addresses.Where(a => a != address).ToArray() };
}

/// <summary>A block and the node incarnation holding it.</summary>
public sealed record GrantedBlock(NodeIncarnation Owner, AddressBlock Block);

/// <summary>A user's static address leased to a session on a node.</summary>
public sealed record StaticGrant(uint Address, NodeIncarnation Holder, string SessionId);

/// <summary>An address reserved for a user (kept out of every block).</summary>
public sealed record StaticReservation(uint Address, string UserName);

/// <summary>One lease held by a node's allocator.</summary>
public sealed record LeaseRecord(uint Address, string Pool, string SessionId, string UserName);

/// <summary>Why a lease ended.</summary>
public enum LeaseEndReason
{
    /// <summary>The session gave it back.</summary>
    SessionEnded = 0,

    /// <summary>The lease belonged to an earlier incarnation of the node, whose sessions died with its process.</summary>
    StaleIncarnation = 1,
}
