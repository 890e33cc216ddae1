using System.Net;
using Akka.Actor;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Addressing;

/// <summary>
/// <see cref="IAddressAllocator"/> for the session actors, backed by the node's
/// <see cref="NodeAddressAllocatorActor"/>. A request that gets no answer in time is Unavailable.
/// </summary>
public sealed class ActorAddressAllocator(IActorRef allocator, TimeSpan timeout) : IAddressAllocator
{
    public async Task<AllocationResult> AllocateAsync(string sessionId, string userName, IPAddress? staticAddress, CancellationToken cancellationToken)
    {
        try
        {
            return await allocator.Ask<AllocationResult>(new AllocateAddress(sessionId, userName, staticAddress), timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return AllocationResult.Failed(AllocationFailure.Unavailable);
        }
    }

    /// <summary>
    /// Gives the lease back and waits until that is durable. If the allocator does not answer in time the
    /// lease stays until it does, or until the node's next incarnation releases it as stale.
    /// </summary>
    public async Task ReleaseAsync(AddressLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await allocator.Ask<AddressReleased>(new ReleaseAddress(lease), timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            // The lease stays with the allocator (see above); the session is over either way.
        }
    }
}
