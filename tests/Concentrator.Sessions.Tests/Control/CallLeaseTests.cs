using Concentrator.Sessions.Addressing;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.Control;

public sealed class CallLeaseTests
{
    private static async Task<AddressLease> LeaseFrom(TestAddressPool pool) =>
        (await pool.AllocateAsync("s1", "u", null, CancellationToken.None)).Lease!;

    [Fact]
    public async Task A_kept_lease_is_given_back_once_however_often_the_call_ends()
    {
        var pool = new TestAddressPool();
        var lease = new CallLease(pool);
        lease.Keep(await LeaseFrom(pool));
        lease.Release();
        lease.Release();
        Assert.Equal(0, pool.Leased);
        Assert.Equal(1, pool.Releases);
    }

    [Fact]
    public async Task A_lease_that_arrives_after_the_call_ended_is_given_back_at_once()
    {
        var pool = new TestAddressPool();
        var lease = new CallLease(pool);
        lease.Release(); // nothing held yet: nothing to give back
        Assert.Equal(0, pool.Releases);
        lease.Keep(await LeaseFrom(pool));
        Assert.Equal(0, pool.Leased);
        Assert.Equal(1, pool.Releases);
        lease.Release();
        Assert.Equal(1, pool.Releases);
    }
}
