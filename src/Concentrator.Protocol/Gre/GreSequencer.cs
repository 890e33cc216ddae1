using System.Buffers;

namespace Concentrator.Protocol.Gre;

/// <summary>
/// The GRE sliding window of one call as pure state (RFC 2637 §4.2–4.4): our sequence numbers, the
/// acknowledgements we owe and are owed, the peer's receive window, duplicates and stale packets,
/// and a small reordering window. Time is an input (ticks of any monotonic clock); it has no timer
/// of its own: <see cref="NextDeadline"/> says when the owner should call <see cref="OnTick{T}"/>.
/// Not thread-safe: one owner (the call's GRE sequencing actor) drives it. No allocation per packet:
/// a packet held for reordering is copied into a buffer rented from <see cref="HoldBuffers"/>.
/// </summary>
public sealed class GreSequencer
{
    private readonly int _reorderWindow;
    private readonly long _reorderTimeout;
    private readonly long _ackDelay;
    private readonly ushort _peerWindow;
    private readonly int _ackEvery;

    // receive side
    private bool _receivedAny;
    private uint _expected;             // next sequence number to deliver
    private ulong _recentBits;          // bit i set: packet (_expected - 1 - i) was delivered
    private readonly Held[] _held;
    private int _heldCount;
    private long _oldestHeldAt;
    private bool _ackOwed;
    private long _ackOwedSince;
    private int _unacked; // packets received since our last ack

    // send side
    private uint _nextSend;             // the first data packet carries 0 (§4.3)
    private uint _peerAcked = uint.MaxValue; // none acked yet

    public GreCounters Counters;

    private struct Held
    {
        public uint Sequence;
        public byte[] Buffer;
        public int Length;
    }

    /// <param name="settings">Windows and delays.</param>
    /// <param name="peerWindow">The peer's Packet Receive Window Size from its Outgoing-Call-Request (§2.7).</param>
    /// <param name="ticksPerSecond">The resolution of the times passed in.</param>
    /// <summary>
    /// Where held packets wait: one pool for every sequencer of the process, large enough to hold the
    /// reorder windows of many calls at once (the shared ArrayPool keeps only a few arrays per core and
    /// allocated fresh ones under load: measured at ~40 MB/s in a bench of 64 busy calls).
    /// </summary>
    public static readonly ArrayPool<byte> HoldBuffers = ArrayPool<byte>.Create(maxArrayLength: 4096, maxArraysPerBucket: 16384);

    public GreSequencer(GreSequencerSettings settings, ushort peerWindow, long ticksPerSecond)
    {
        _reorderWindow = Math.Clamp(settings.ReorderWindow, 1, 64);
        _reorderTimeout = (long)(settings.ReorderTimeout.TotalSeconds * ticksPerSecond);
        _ackDelay = (long)(settings.AckDelay.TotalSeconds * ticksPerSecond);
        _peerWindow = Math.Max(peerWindow, (ushort)1);
        _ackEvery = Math.Max(1, settings.ReceiveWindow / 4);
        _held = new Held[_reorderWindow];
    }

    /// <summary>Packets sent and not yet acknowledged by the peer.</summary>
    public uint Unacknowledged => _nextSend - (_peerAcked + 1);

    /// <summary>True while the peer's receive window has room for one more data packet (§4.2).</summary>
    public bool CanSend => Unacknowledged < _peerWindow;

    /// <summary>The earliest time at which <see cref="OnTick{T}"/> has work: a held packet timing out or an ack falling due.</summary>
    public long NextDeadline
    {
        get
        {
            var next = long.MaxValue;
            if (_heldCount > 0) next = _oldestHeldAt + _reorderTimeout;
            if (_ackOwed) next = Math.Min(next, _ackOwedSince + _ackDelay);
            return next;
        }
    }

    /// <summary>Takes one received GRE packet (header fields and its PPP payload) and delivers what is now in order.</summary>
    public void OnPacket<T>(bool hasSequence, uint sequence, bool hasAck, uint ack, Span<byte> payload, long now, ref T sink)
        where T : IGreDelivery
    {
        Counters.Received++;
        if (hasAck) OnAck(ack);
        if (!hasSequence) return; // an ack alone (§4.4)

        if (!_receivedAny)
        {
            // §4.3: the peer's first data packet carries 0, so we expect 0 first; one that comes within the reorder
            // window after it (the first packets swapped on the way) waits for it like any reordered packet. A peer
            // that starts further on is taken where it starts.
            _receivedAny = true;
            if (sequence >= (uint)_reorderWindow) _expected = sequence;
        }
        var ahead = (int)(sequence - _expected);
        if (ahead < 0)
        {
            var back = -ahead - 1; // 0 = the last packet delivered
            if (back < 64 && (_recentBits & (1UL << back)) != 0) Counters.Duplicates++;
            else Counters.Stale++;
            return;
        }
        OweAck(now);
        if (ahead == 0)
        {
            DeliverInOrder(payload, ref sink);
            DrainHeld(ref sink);
            return;
        }
        if (ahead >= _reorderWindow)
        {
            // Too far ahead to wait for: what is missing is lost (stateless MPPE copes, §4.3 lets us drop).
            FlushHeld(ref sink);
            Skip(sequence);
            DeliverInOrder(payload, ref sink);
            return;
        }
        Hold(sequence, payload, now, ref sink);
    }

    /// <summary>Releases held packets whose wait is over (skipping the gap before them).</summary>
    public void OnTick<T>(long now, ref T sink) where T : IGreDelivery
    {
        if (_heldCount > 0 && now - _oldestHeldAt >= _reorderTimeout) FlushHeld(ref sink);
    }

    /// <summary>The sequence number for the next data packet we send; the caller checks <see cref="CanSend"/> first.</summary>
    public uint TakeSendSequence()
    {
        Counters.Sent++;
        return _nextSend++;
    }

    /// <summary>When we owe the peer an acknowledgement, returns true and the number to put in the next packet.</summary>
    public bool TryTakeAck(out uint ack)
    {
        ack = _expected - 1;
        if (!_ackOwed) return false;
        _ackOwed = false;
        _unacked = 0;
        return true;
    }

    /// <summary>
    /// True when an owed ack should go out alone: it has waited the ack delay with no data packet to
    /// carry it, or a quarter of our receive window is unacknowledged (so a one-way bulk flow never
    /// stalls on our window, RFC 2637 §4.4).
    /// </summary>
    public bool LoneAckDue(long now) => _ackOwed && (now - _ackOwedSince >= _ackDelay || _unacked >= _ackEvery);

    /// <summary>Counts an ack sent alone.</summary>
    public void CountLoneAck() => Counters.AcksSent++;

    /// <summary>Counts a data packet that the peer's full window kept from being sent.</summary>
    public void CountWindowFull() => Counters.WindowFull++;

    private void OnAck(uint ack)
    {
        // Only an ack of something we sent that is newer than the last one counts.
        var newer = (int)(ack - _peerAcked) > 0;
        var sent = (int)(_nextSend - 1 - ack) >= 0;
        if (newer && sent) _peerAcked = ack;
    }

    private void OweAck(long now)
    {
        _unacked++;
        if (_ackOwed) return;
        _ackOwed = true;
        _ackOwedSince = now;
    }

    private void DeliverInOrder<T>(Span<byte> payload, ref T sink) where T : IGreDelivery
    {
        _expected++;
        _recentBits = (_recentBits << 1) | 1;
        Counters.Delivered++;
        sink.Deliver(payload);
    }

    private void Skip(uint sequence)
    {
        var gap = sequence - _expected;
        Counters.Lost += gap;
        _recentBits = gap >= 64 ? 0 : _recentBits << (int)gap;
        _expected = sequence;
    }

    private void Hold<T>(uint sequence, Span<byte> payload, long now, ref T sink) where T : IGreDelivery
    {
        for (var i = 0; i < _heldCount; i++)
        {
            if (_held[i].Sequence != sequence) continue;
            Counters.Duplicates++;
            return;
        }
        if (_heldCount == _held.Length) FlushHeld(ref sink);
        if ((int)(sequence - _expected) <= 0)
        {
            // The flush moved past it; it is now either next or behind.
            if (sequence == _expected) DeliverInOrder(payload, ref sink);
            else Counters.Stale++;
            return;
        }
        var buffer = HoldBuffers.Rent(payload.Length);
        payload.CopyTo(buffer);
        if (_heldCount == 0) _oldestHeldAt = now;
        _held[_heldCount++] = new Held { Sequence = sequence, Buffer = buffer, Length = payload.Length };
        Counters.Reordered++;
    }

    /// <summary>Delivers held packets that are next in order.</summary>
    private void DrainHeld<T>(ref T sink) where T : IGreDelivery
    {
        var progress = true;
        while (_heldCount > 0 && progress)
        {
            progress = false;
            for (var i = 0; i < _heldCount; i++)
            {
                if (_held[i].Sequence != _expected) continue;
                Release(i, ref sink);
                progress = true;
                break;
            }
        }
    }

    /// <summary>Gives up on the gaps: delivers every held packet in sequence order.</summary>
    private void FlushHeld<T>(ref T sink) where T : IGreDelivery
    {
        while (_heldCount > 0)
        {
            var first = 0;
            for (var i = 1; i < _heldCount; i++)
                if ((int)(_held[i].Sequence - _held[first].Sequence) < 0) first = i;
            Skip(_held[first].Sequence);
            Release(first, ref sink);
            DrainHeld(ref sink);
        }
    }

    /// <summary>Returns the buffers of packets still held (the call is ending).</summary>
    public void DiscardHeld()
    {
        for (var i = 0; i < _heldCount; i++)
        {
            HoldBuffers.Return(_held[i].Buffer);
            _held[i] = default;
        }
        _heldCount = 0;
    }

    private void Release<T>(int index, ref T sink) where T : IGreDelivery
    {
        var held = _held[index];
        _held[index] = _held[--_heldCount];
        _held[_heldCount] = default;
        DeliverInOrder(held.Buffer.AsSpan(0, held.Length), ref sink);
        HoldBuffers.Return(held.Buffer);
    }
}
