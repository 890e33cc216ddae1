using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Addressing;

/// <summary>An event in a node allocator's journal.</summary>
public interface INodeAllocatorEvent : IConcentratorMessage;

/// <summary>A new incarnation of the node started: everything of the earlier one (blocks, leases) is dropped.</summary>
public sealed record AllocatorIncarnationStarted(long Incarnation) : INodeAllocatorEvent;

/// <summary>A block granted by the coordinator joined the node's blocks.</summary>
public sealed record BlockAccepted(AddressBlock Block) : INodeAllocatorEvent;

/// <summary>An unused block left the node's blocks on its way back to the coordinator.</summary>
public sealed record BlockGivenBack(BlockId Block) : INodeAllocatorEvent;

/// <summary>An address was leased to a session.</summary>
public sealed record LeaseGranted(uint Address, string Pool, string SessionId, string UserName) : INodeAllocatorEvent;

/// <summary>A lease ended.</summary>
public sealed record LeaseReleased(uint Address, string SessionId, LeaseEndReason Reason) : INodeAllocatorEvent;

/// <summary>A reserved address is no longer leased from the node's blocks (surrendered once free).</summary>
public sealed record AddressWithdrawn(uint Address) : INodeAllocatorEvent;

/// <summary>An allocator's whole state, saved every so many events.</summary>
public sealed record NodeAllocatorSnapshot(
    long Incarnation,
    IReadOnlyList<AddressBlock> Blocks,
    IReadOnlyList<LeaseRecord> Leases,
    IReadOnlyList<uint> Withdrawn) : IConcentratorMessage;
