using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Addressing;

/// <summary>An event in the pool coordinator's journal.</summary>
public interface IPoolCoordinatorEvent : IConcentratorMessage;

/// <summary>A node incarnation was seen for the first time; any earlier incarnation of the node is gone.</summary>
public sealed record NodeIncarnationRegistered(NodeIncarnation Node) : IPoolCoordinatorEvent;

/// <summary>All blocks and static leases of a node incarnation went back to the pool; the incarnation is retired.</summary>
public sealed record NodeBlocksReclaimed(NodeIncarnation Node) : IPoolCoordinatorEvent;

/// <summary>A block was granted to a node incarnation.</summary>
public sealed record BlockGranted(NodeIncarnation Node, AddressBlock Block) : IPoolCoordinatorEvent;

/// <summary>A node gave a block back.</summary>
public sealed record BlockReturned(NodeIncarnation Node, BlockId Block) : IPoolCoordinatorEvent;

/// <summary>A user's static address was leased to a session.</summary>
public sealed record StaticGranted(uint Address, NodeIncarnation Node, string SessionId) : IPoolCoordinatorEvent;

/// <summary>A session gave its static address back.</summary>
public sealed record StaticReleased(uint Address, string SessionId) : IPoolCoordinatorEvent;

/// <summary>The set of addresses reserved for users changed (the whole new set).</summary>
public sealed record StaticReservationsChanged(IReadOnlyList<StaticReservation> Reservations) : IPoolCoordinatorEvent;

/// <summary>A node took a reserved address out of one of its blocks; it may now be leased as a static address.</summary>
public sealed record BlockAddressSurrendered(NodeIncarnation Node, BlockId Block, uint Address) : IPoolCoordinatorEvent;

/// <summary>The coordinator's whole state, saved every so many events.</summary>
public sealed record PoolCoordinatorSnapshot(
    IReadOnlyList<NodeIncarnation> Current,
    IReadOnlyList<NodeIncarnation> Retired,
    IReadOnlyList<GrantedBlock> Blocks,
    IReadOnlyList<StaticGrant> Statics,
    IReadOnlyList<StaticReservation> Reservations) : IConcentratorMessage;
