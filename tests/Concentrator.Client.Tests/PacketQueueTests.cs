using Concentrator.Client.Tests.Support;

namespace Concentrator.Client.Tests;

public sealed class PacketQueueTests
{
    private static readonly PptpCall Call = PptpCall.Failed(ScriptedServer.Options(), TimeProvider.System, new ConnectResult(ConnectOutcome.Unreachable));

    [Fact]
    public async Task Copies_packets_in_order_and_drops_what_does_not_fit()
    {
        var queue = new PacketQueue(capacity: 2);
        Span<byte> packet = [1, 2, 3];
        queue.OnIpPacket(Call, packet);
        packet[0] = 9;
        queue.OnIpPacket(Call, packet);
        queue.OnIpPacket(Call, packet);
        Assert.Equal(1, queue.Dropped);
        Assert.Equal(2, queue.Capacity);
        var first = await queue.ReadAsync(TimeSpan.FromSeconds(1));
        Assert.Same(Call, first.Call);
        Assert.Equal(new byte[] { 1, 2, 3 }, first.Packet);
        Assert.True(queue.TryRead(out var second));
        Assert.Equal(new byte[] { 9, 2, 3 }, second.Packet);
        Assert.False(queue.TryRead(out _));
    }

    [Fact]
    public async Task Reading_an_empty_queue_times_out_or_is_cancelled()
    {
        var queue = new PacketQueue();
        await Assert.ThrowsAsync<TimeoutException>(() => queue.ReadAsync(TimeSpan.FromMilliseconds(20)));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.ReadAsync(TimeSpan.FromSeconds(10), cancel.Token));
    }
}
