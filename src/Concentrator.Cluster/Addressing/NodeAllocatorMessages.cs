using System.Net;
using Concentrator.Cluster.Serialization;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Addressing;

/// <summary>
/// Asks the node's allocator for an address (node-local: sent by <see cref="ActorAddressAllocator"/>).
/// Answered with an <see cref="AllocationResult"/>; asking again for the same session gives the same lease.
/// </summary>
public sealed record AllocateAddress(string SessionId, string UserName, IPAddress? StaticAddress);

/// <summary>Gives a lease back (node-local). Answered with <see cref="AddressReleased"/>.</summary>
public sealed record ReleaseAddress(AddressLease Lease);

/// <summary>The answer to <see cref="ReleaseAddress"/>, sent once the release is durable.</summary>
public sealed class AddressReleased
{
    public static readonly AddressReleased Instance = new();

    private AddressReleased()
    {
    }
}

/// <summary>Asks a node's allocator for <see cref="NodePoolStats"/>.</summary>
public sealed class GetNodePoolStats : IConcentratorMessage
{
    public static readonly GetNodePoolStats Instance = new();

    private GetNodePoolStats()
    {
    }
}

/// <summary>Per-pool figures of one node.</summary>
/// <param name="Pool">The pool's name.</param>
/// <param name="Held">Addresses in the node's blocks.</param>
/// <param name="Leased">Of those, leased to sessions.</param>
/// <param name="Free">Of those, ready to lease.</param>
public sealed record NodePoolUsage(string Pool, int Held, int Leased, int Free);

/// <summary>The answer to <see cref="GetNodePoolStats"/>.</summary>
public sealed record NodePoolStats(NodeIncarnation Node, IReadOnlyList<NodePoolUsage> Pools, int Blocks) : IConcentratorMessage;
