using Concentrator.Sessions.Addressing;

namespace Concentrator.Sessions.Call;

/// <summary>
/// The tunnel address of one call, given back exactly once however the call ends: by its own teardown, or by
/// its actor stopping (a crash, the node going down). The allocation completes on another thread, possibly
/// after the call has ended: the lease is then given back at once instead of being kept by no one.
/// </summary>
public sealed class CallLease(IAddressAllocator addresses)
{
    private readonly object _gate = new();
    private AddressLease? _lease;
    private bool _released;

    /// <summary>The allocation succeeded (any thread): the call keeps the lease, or, when it has ended already, it is given back.</summary>
    public void Keep(AddressLease lease)
    {
        lock (_gate)
        {
            if (!_released)
            {
                _lease = lease;
                return;
            }
        }
        addresses.ReleaseAsync(lease, CancellationToken.None);
    }

    /// <summary>The call ends: gives its lease back, and any that arrives later. Only the first call does anything.</summary>
    public void Release()
    {
        AddressLease? lease;
        lock (_gate)
        {
            if (_released) return;
            _released = true;
            lease = _lease;
            _lease = null;
        }
        if (lease is not null) addresses.ReleaseAsync(lease, CancellationToken.None);
    }
}
