using Concentrator.Protocol.Gre;

namespace Concentrator.Protocol.Tests.Gre;

public class GreSequencerTests
{
    private const long Ms = 1000; // ticks per millisecond in these tests (ticksPerSecond = 1e6)

    private sealed class Collect : IGreDelivery
    {
        public readonly List<byte> Delivered = new();
        public void Deliver(Span<byte> pppFrame) => Delivered.Add(pppFrame[0]);
    }

    private static GreSequencer NewSequencer(ushort peerWindow = 8) => new(new GreSequencerSettings
    {
        ReorderWindow = 4, ReorderTimeout = TimeSpan.FromMilliseconds(30), AckDelay = TimeSpan.FromMilliseconds(100),
    }, peerWindow, 1_000_000);

    private static void Receive(GreSequencer s, Collect sink, uint seq, long now = 0) =>
        s.OnPacket(true, seq, false, 0, new[] { (byte)seq }, now, ref sink);

    [Fact]
    public void In_order_packets_are_delivered_at_once()
    {
        var s = NewSequencer();
        var sink = new Collect();
        for (uint i = 5; i < 10; i++) Receive(s, sink, i);
        Assert.Equal(new byte[] { 5, 6, 7, 8, 9 }, sink.Delivered);
        Assert.Equal(5, s.Counters.Delivered);
    }

    [Fact]
    public void Duplicates_and_stale_packets_are_dropped_and_counted()
    {
        var s = NewSequencer();
        var sink = new Collect();
        for (uint i = 100; i < 200; i++) Receive(s, sink, i);
        Receive(s, sink, 199); // the last one again
        Receive(s, sink, 150); // within the recent 64
        Receive(s, sink, 101); // older than the recent 64
        Assert.Equal(100, sink.Delivered.Count);
        Assert.Equal(2, s.Counters.Duplicates);
        Assert.Equal(1, s.Counters.Stale);
    }

    [Fact]
    public void A_swapped_pair_is_put_back_in_order()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, 0);
        Receive(s, sink, 2);
        Assert.Single(sink.Delivered);
        Receive(s, sink, 1);
        Assert.Equal(new byte[] { 0, 1, 2 }, sink.Delivered);
        Assert.Equal(1, s.Counters.Reordered);
        Assert.Equal(0, s.Counters.Lost);
    }

    [Fact]
    public void The_first_two_packets_swapped_are_both_delivered_in_order()
    {
        // §4.3: the peer's first packet carries 0; its second arriving first waits for it.
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, 1);
        Assert.Empty(sink.Delivered);
        Receive(s, sink, 0);
        Assert.Equal(new byte[] { 0, 1 }, sink.Delivered);
        Assert.Equal(0, s.Counters.Stale);
    }

    [Fact]
    public void A_peer_starting_beyond_the_reorder_window_is_taken_where_it_starts()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, 4); // the window is 4: 0–3 would be waited for
        Receive(s, sink, 5);
        Assert.Equal(new byte[] { 4, 5 }, sink.Delivered);
        Assert.Equal(0, s.Counters.Lost);
    }

    [Fact]
    public void A_gap_that_never_fills_is_skipped_after_the_reorder_timeout()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, 0, now: 0);
        Receive(s, sink, 2, now: 1 * Ms);
        Receive(s, sink, 3, now: 2 * Ms);
        Assert.Equal(31 * Ms, s.NextDeadline);
        s.OnTick(10 * Ms, ref sink);
        Assert.Single(sink.Delivered);
        s.OnTick(31 * Ms, ref sink);
        Assert.Equal(new byte[] { 0, 2, 3 }, sink.Delivered);
        Assert.Equal(1, s.Counters.Lost);
        Receive(s, sink, 1, now: 40 * Ms); // the late one is stale now
        Assert.Equal(1, s.Counters.Stale);
    }

    [Fact]
    public void A_jump_beyond_the_reorder_window_counts_the_gap_as_lost()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, 0);
        Receive(s, sink, 2);
        Receive(s, sink, 10);
        Assert.Equal(new byte[] { 0, 2, 10 }, sink.Delivered);
        Assert.Equal(8, s.Counters.Lost);
    }

    [Fact]
    public void A_full_hold_buffer_is_flushed_in_order()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, 0);
        Receive(s, sink, 3); // window 4: 1..4 may wait; holds 3
        Receive(s, sink, 2);
        Receive(s, sink, 4);
        Receive(s, sink, 2); // duplicate of a held one
        Assert.Equal(1, s.Counters.Duplicates);
        Receive(s, sink, 1);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, sink.Delivered);
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Receive(s, sink, uint.MaxValue - 1);
        Receive(s, sink, 0);
        Receive(s, sink, uint.MaxValue);
        Receive(s, sink, 1);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0, 1 }, sink.Delivered);
    }

    [Fact]
    public void Acks_are_owed_for_data_and_due_alone_after_the_delay()
    {
        var s = NewSequencer();
        var sink = new Collect();
        Assert.False(s.TryTakeAck(out _));
        Receive(s, sink, 7, now: 0);
        Receive(s, sink, 8, now: 50 * Ms);
        Assert.False(s.LoneAckDue(99 * Ms));
        Assert.True(s.LoneAckDue(100 * Ms));
        Assert.True(s.TryTakeAck(out var ack));
        Assert.Equal(8u, ack);
        Assert.False(s.TryTakeAck(out _));
        Assert.Equal(long.MaxValue, s.NextDeadline);
    }

    [Fact]
    public void A_quarter_of_our_window_unacknowledged_makes_a_lone_ack_due_at_once()
    {
        var s = new GreSequencer(new GreSequencerSettings { ReceiveWindow = 16, AckDelay = TimeSpan.FromSeconds(1) }, 8, 1_000_000);
        var sink = new Collect();
        for (uint i = 0; i < 3; i++) Receive(s, sink, i);
        Assert.False(s.LoneAckDue(0));
        Receive(s, sink, 3);
        Assert.True(s.LoneAckDue(0)); // 4 = 16 / 4
        Assert.True(s.TryTakeAck(out var ack));
        Assert.Equal(3u, ack);
        Receive(s, sink, 4);
        Assert.False(s.LoneAckDue(0));
    }

    [Fact]
    public void The_peer_window_limits_unacknowledged_packets()
    {
        var s = NewSequencer(peerWindow: 3);
        var sink = new Collect();
        Assert.Equal(0u, s.TakeSendSequence());
        Assert.Equal(1u, s.TakeSendSequence());
        Assert.Equal(2u, s.TakeSendSequence());
        Assert.False(s.CanSend);
        s.OnPacket(false, 0, true, 0, Span<byte>.Empty, 0, ref sink); // acks packet 0
        Assert.True(s.CanSend);
        Assert.Equal(2u, s.Unacknowledged);
        s.OnPacket(false, 0, true, 9, Span<byte>.Empty, 0, ref sink); // acks what was never sent: ignored
        Assert.Equal(2u, s.Unacknowledged);
        s.OnPacket(false, 0, true, 2, Span<byte>.Empty, 0, ref sink);
        Assert.Equal(0u, s.Unacknowledged);
        Assert.Empty(sink.Delivered);
    }
}
