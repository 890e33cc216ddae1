using Concentrator.Sessions.Control;

namespace Concentrator.Sessions.Tests.Control;

public class CallIdAllocatorTests
{
    [Fact]
    public void All_65535_ids_can_be_taken_once_and_zero_never()
    {
        var ids = new CallIdAllocator();
        var seen = new bool[65536];
        for (var i = 0; i < 65535; i++)
        {
            Assert.True(ids.TryAllocate(out var id));
            Assert.NotEqual(0, id);
            Assert.False(seen[id]);
            seen[id] = true;
        }
        Assert.False(ids.TryAllocate(out _));
        Assert.Equal(65535, ids.InUse);
        ids.Release(1234);
        Assert.True(ids.TryAllocate(out var again));
        Assert.Equal(1234, again);
    }

    [Fact]
    public void A_released_id_is_not_reused_at_once()
    {
        var ids = new CallIdAllocator();
        Assert.True(ids.TryAllocate(out var first));
        ids.Release(first);
        Assert.True(ids.TryAllocate(out var second));
        Assert.NotEqual(first, second);
        Assert.Equal(1, ids.InUse);
    }

    [Fact]
    public void Concurrent_allocation_never_hands_out_an_id_twice()
    {
        var ids = new CallIdAllocator();
        var taken = new int[65536];
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                Assert.True(ids.TryAllocate(out var id));
                Assert.Equal(1, Interlocked.Increment(ref taken[id]));
                if (i % 2 == 0)
                {
                    Interlocked.Decrement(ref taken[id]);
                    ids.Release(id);
                }
            }
        });
        Assert.Equal(20_000, ids.InUse);
    }
}
