using System.Net;

namespace Concentrator.Sessions.Addressing;

/// <summary>An address given to one session until it ends.</summary>
/// <param name="Address">The client's tunnel address (IPCP IP-Address, RFC 1332 §3.3).</param>
/// <param name="Pool">The name of the pool it came from ("static" for a user's reserved address).</param>
/// <param name="SessionId">The session that holds it.</param>
public sealed record AddressLease(IPAddress Address, string Pool, string SessionId);

/// <summary>Why an allocation failed.</summary>
public enum AllocationFailure { None, PoolExhausted, StaticAddressInUse, Unavailable }

/// <summary>The result of an allocation: a lease, or the reason there is none.</summary>
public sealed record AllocationResult(AddressLease? Lease, AllocationFailure Failure)
{
    public static AllocationResult Of(AddressLease lease) => new(lease, AllocationFailure.None);
    public static AllocationResult Failed(AllocationFailure failure) => new(null, failure);
}

/// <summary>
/// Hands out tunnel addresses. No address is ever leased to two live sessions at once; the
/// implementation persists leases so that a restart recovers them.
/// </summary>
public interface IAddressAllocator
{
    /// <param name="sessionId">The session asking (unique in the cluster).</param>
    /// <param name="userName">The authenticated user (for accounting and one-session-per-user).</param>
    /// <param name="staticAddress">The user's reserved address, if any; it is leased instead of a pool address.</param>
    Task<AllocationResult> AllocateAsync(string sessionId, string userName, IPAddress? staticAddress, CancellationToken cancellationToken);

    /// <summary>Gives the lease back at the end of the session. Releasing twice is harmless.</summary>
    Task ReleaseAsync(AddressLease lease, CancellationToken cancellationToken);
}
