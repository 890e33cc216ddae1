using System.Net;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>An in-memory pool 10.66.0.10–10.66.0.249 that records what is leased, and how often leases are given back.</summary>
public sealed class TestAddressPool : IAddressAllocator
{
    private readonly object _gate = new();
    private readonly Dictionary<IPAddress, string> _leased = new();
    private int _releases;

    /// <summary>Calls of <see cref="ReleaseAsync"/>, a lease given back twice counting twice.</summary>
    public int Releases => Volatile.Read(ref _releases);

    public int Leased
    {
        get
        {
            lock (_gate) return _leased.Count;
        }
    }

    public Task<AllocationResult> AllocateAsync(string sessionId, string userName, IPAddress? staticAddress, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = 10; i < 250; i++)
            {
                var address = IPAddress.Parse($"10.66.0.{i}");
                if (_leased.ContainsKey(address)) continue;
                _leased[address] = sessionId;
                return Task.FromResult(AllocationResult.Of(new AddressLease(address, "test", sessionId)));
            }
            return Task.FromResult(AllocationResult.Failed(AllocationFailure.PoolExhausted));
        }
    }

    public Task ReleaseAsync(AddressLease lease, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _releases);
        lock (_gate) _leased.Remove(lease.Address);
        return Task.CompletedTask;
    }
}
