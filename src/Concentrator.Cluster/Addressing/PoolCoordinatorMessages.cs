using Concentrator.Cluster.Serialization;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Addressing;

/// <summary>A node incarnation joined (the cluster layer translates member-up; a single node sends it at start).</summary>
public sealed record NodeUp(string NodeId, long Incarnation) : IConcentratorMessage;

/// <summary>A node incarnation left or was downed: its blocks and static leases are reclaimed.</summary>
public sealed record NodeGone(string NodeId, long Incarnation) : IConcentratorMessage;

/// <summary>
/// Coordinator to allocator: this incarnation is retired (gone, or replaced by a newer one) and its blocks
/// were reclaimed, so it must lease nothing more.
/// </summary>
public sealed record NodeRetired(NodeIncarnation Node) : IConcentratorMessage;

/// <summary>
/// A node's allocator is there: sent when it starts and every <see cref="AddressPoolSettings.CheckInInterval"/>,
/// so that a coordinator that started elsewhere (singleton handover) learns where to send withdrawals and
/// <see cref="NodeRetired"/>. A repeated check-in registers nothing new; it sends the node's pending withdrawals
/// again, and a retired incarnation is answered with <see cref="NodeRetired"/> each time.
/// </summary>
public sealed record AllocatorCheckIn(NodeIncarnation Node) : IConcentratorMessage;

/// <summary>A node's allocator asks for one more block. Answered with <see cref="BlockGrant"/> or <see cref="BlockRefused"/>.</summary>
public sealed record RequestBlock(NodeIncarnation Node, long RequestNo) : IConcentratorMessage;

/// <summary>The answer to <see cref="RequestBlock"/>: the block now belongs to the node.</summary>
public sealed record BlockGrant(NodeIncarnation Node, long RequestNo, AddressBlock Block) : IConcentratorMessage;

/// <summary>The answer to <see cref="RequestBlock"/> when no block can be given (PoolExhausted, or Unavailable for a retired incarnation).</summary>
public sealed record BlockRefused(NodeIncarnation Node, long RequestNo, AllocationFailure Reason) : IConcentratorMessage;

/// <summary>A node gives back a block none of whose addresses is leased. Not answered.</summary>
public sealed record ReturnBlock(NodeIncarnation Node, BlockId Block) : IConcentratorMessage;

/// <summary>Leases a user's static address to a session. Answered with <see cref="StaticGrantResult"/>.</summary>
public sealed record GrantStatic(NodeIncarnation Node, uint Address, string SessionId) : IConcentratorMessage;

/// <summary>The answer to <see cref="GrantStatic"/>: Failure is None when the address is the session's.</summary>
public sealed record StaticGrantResult(uint Address, string SessionId, AllocationFailure Failure) : IConcentratorMessage;

/// <summary>A session gives its static address back. Not answered; releasing twice is harmless.</summary>
public sealed record ReleaseStatic(uint Address, string SessionId) : IConcentratorMessage;

/// <summary>The user directory's complete set of reserved static addresses. Answered with <see cref="StaticReservationsAccepted"/>.</summary>
public sealed record SyncStaticReservations(long Version, IReadOnlyList<StaticReservation> Reservations) : IConcentratorMessage;

/// <summary>The coordinator holds the reservations of <see cref="Version"/>.</summary>
public sealed record StaticReservationsAccepted(long Version) : IConcentratorMessage;

/// <summary>Coordinator to allocator: stop leasing this reserved address and surrender it once it is free.</summary>
public sealed record WithdrawAddress(NodeIncarnation Node, uint Address) : IConcentratorMessage;

/// <summary>Allocator to coordinator: the address is out of the node's blocks.</summary>
public sealed record AddressSurrendered(NodeIncarnation Node, uint Address) : IConcentratorMessage;

/// <summary>Asks the coordinator for <see cref="PoolStats"/>.</summary>
public sealed class GetPoolStats : IConcentratorMessage
{
    public static readonly GetPoolStats Instance = new();

    private GetPoolStats()
    {
    }
}

/// <summary>Per-pool figures as the coordinator sees them.</summary>
/// <param name="Pool">The pool's name.</param>
/// <param name="Size">Addresses that can be leased at all (range minus excluded).</param>
/// <param name="InBlocks">Addresses in blocks granted to nodes.</param>
/// <param name="StaticLeased">Users' static addresses leased to sessions.</param>
/// <param name="Reserved">Addresses reserved for users.</param>
/// <param name="Unassigned">Addresses neither in a block nor statically leased.</param>
public sealed record PoolUsage(string Pool, int Size, int InBlocks, int StaticLeased, int Reserved, int Unassigned);

/// <summary>The answer to <see cref="GetPoolStats"/>.</summary>
public sealed record PoolStats(IReadOnlyList<PoolUsage> Pools, int Blocks) : IConcentratorMessage;
