using Concentrator.Client.Transport;

namespace Concentrator.Client.Tests.Transport;

public sealed class InMemoryDuplexStreamTests
{
    [Fact]
    public async Task Bytes_cross_both_ways_in_order_and_in_any_read_size()
    {
        var (a, b) = InMemoryDuplexStream.CreatePair();
        await a.WriteAsync(new byte[] { 1, 2, 3 });
        await a.WriteAsync(new byte[] { 4, 5 });
        b.Write([9]);
        var buffer = new byte[2];
        Assert.Equal(2, await b.ReadAsync(buffer));
        Assert.Equal(new byte[] { 1, 2 }, buffer);
        Assert.Equal(1, await b.ReadAsync(buffer));
        Assert.Equal(3, buffer[0]);
        Assert.Equal(2, await b.ReadAsync(buffer.AsMemory()));
        Assert.Equal(new byte[] { 4, 5 }, buffer);
        Assert.Equal(1, a.Read(buffer, 0, 2));
        Assert.Equal(9, buffer[0]);
    }

    [Fact]
    public async Task Disposing_one_end_is_end_of_stream_for_the_other_and_its_writes_fail()
    {
        var (a, b) = InMemoryDuplexStream.CreatePair();
        await a.WriteAsync(new byte[] { 7 });
        await a.DisposeAsync();
        var buffer = new byte[4];
        Assert.Equal(1, await b.ReadAsync(buffer));
        Assert.Equal(0, await b.ReadAsync(buffer));
        Assert.Throws<IOException>(() => b.Write([1]));
    }

    [Fact]
    public async Task Completing_writes_ends_one_direction_only()
    {
        var (a, b) = InMemoryDuplexStream.CreatePair();
        a.CompleteWrites();
        Assert.Equal(0, await b.ReadAsync(new byte[1]));
        await b.WriteAsync(new byte[] { 5 });
        var buffer = new byte[1];
        Assert.Equal(1, await a.ReadAsync(buffer));
        Assert.Equal(5, buffer[0]);
    }

    [Fact]
    public async Task A_pending_read_can_be_cancelled()
    {
        var (a, _) = InMemoryDuplexStream.CreatePair();
        using var cancel = new CancellationTokenSource();
        var reading = a.ReadAsync(new byte[1], cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.False(a.CanSeek);
        Assert.Throws<NotSupportedException>(() => a.Length);
    }
}
