using System.Buffers;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.DataPath;

/// <summary>
/// The GRE sequencing child of a call, which is also the call's packet path: GRE from the peer →
/// sliding window (RFC 2637 §4.2–4.4) → MPPE decrypt (RFC 3078) → the TUN device; IP from the TUN →
/// MPPE encrypt → GRE with our sequence number and a piggy-backed ack → the peer. It owns the
/// <see cref="GreSequencer"/> and, once CCP has opened, the MPPE ciphers, so nothing on the packet path
/// is shared or locked. Packets arrive in <see cref="PacketBatch"/>es; nothing is allocated per packet.
/// Control frames (LCP, CHAP, IPCP, CCP) go to the call actor, its parent.
/// </summary>
public sealed class GreSequencingActor : UntypedActor, IWithTimers
{
    private static readonly long TicksPerSecond = Stopwatch.Frequency;

    private readonly CallSetup _setup;
    private readonly DataPathServices _services;
    private readonly GreSequencer _sequencer;
    private readonly SessionMetrics _metrics;
    private MppeEncryptor? _encryptor;
    private MppeDecryptor? _decryptor;
    private bool _dataEnabled;
    private bool _greSeen;
    private bool _tickArmed;
    private int _idleTicks;

    /// <summary>The resolution of lone acks and reorder time-outs (RFC 2637 §4.4 leaves the ack delay to us).</summary>
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Ticks with nothing to do before the tick stops (100 ms).</summary>
    private const int IdleTicksBeforeStop = 10;
    private ushort _peerMru = LcpOptions.DefaultMru;
    private bool _addressControl = true;
    private bool _protocolCompression;
    private ushort _mss;
    private readonly Queue<PacketBatch> _backlog = new(); // batches waiting for the peer's window
    private int _backlogNext;    // the first unsent packet of the batch at the head
    private int _backlogPackets; // packets waiting in all
    private List<(byte[] Buffer, int Length)>? _early;
    private bool _awaitingData = true;

    /// <summary>
    /// Encrypted packets kept from before the session was let into the TUN device: a client sends as soon as
    /// its IPCP is Opened, which can be a moment before ours is and the route is in place.
    /// </summary>
    private const int MaxEarly = 16;

    /// <summary>Packets held for the peer's window at most (about 350 KiB at 1400 bytes).</summary>
    private const int MaxBacklog = 256;

    // per-batch tallies, added to the shared counters once per batch
    private long _inPackets, _inBytes, _outPackets, _outBytes, _greIn, _greInBytes, _greOut, _greOutBytes;

    public ITimerScheduler Timers { get; set; } = null!;

    public GreSequencingActor(CallSetup setup, DataPathServices services)
    {
        _setup = setup;
        _services = services;
        _metrics = services.Metrics;
        _sequencer = new GreSequencer(services.Gre, setup.PeerReceiveWindow, TicksPerSecond);
        Counters = services.Counters;
        UpdateMss();
    }

    public static Props Props(CallSetup setup, DataPathServices services) =>
        LocalProps.Of(() => new GreSequencingActor(setup, services));

    private SessionCounters Counters { get; }

    protected override void PreStart() => _services.Demux.Register(_setup.Peer, _setup.CallId, Self);

    protected override void PostStop()
    {
        _services.Demux.Unregister(_setup.Peer, _setup.CallId, Self);
        _sequencer.DiscardHeld();
        while (_backlog.Count > 0) PacketBatchPool.Return(_backlog.Dequeue());
        if (_early is not null)
        {
            foreach (var (buffer, _) in _early) ArrayPool<byte>.Shared.Return(buffer);
            _early = null;
        }
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PacketBatch { Kind: PacketBatchKind.GreFromPeer } batch:
                FromPeer(batch);
                break;
            case PacketBatch batch:
                ToPeer(batch);
                break;
            case SendFrame frame:
                SendToPeer(frame.Frame);
                break;
            case Tick:
                var sink = new Delivery(this);
                _sequencer.OnTick(Stopwatch.GetTimestamp(), ref sink);
                Flush();
                AfterBatch();
                if (_sequencer.NextDeadline != long.MaxValue) _idleTicks = 0;
                else if (++_idleTicks >= IdleTicksBeforeStop)
                {
                    Timers.Cancel(Tick.Instance);
                    _tickArmed = false;
                }
                break;
            case LinkFraming framing:
                _peerMru = framing.PeerMru;
                _addressControl = !framing.AddressControlCompression;
                _protocolCompression = framing.ProtocolCompression;
                UpdateMss();
                break;
            case InstallCiphers ciphers:
                _encryptor = ciphers.Encryptor;
                _decryptor = ciphers.Decryptor;
                break;
            case DataEnabled enabled:
                _dataEnabled = enabled.Enabled;
                _awaitingData = false;
                ReplayEarly();
                break;
            case FlushEncryptor:
                _encryptor?.OnResetRequest();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void FromPeer(PacketBatch batch)
    {
        var now = Stopwatch.GetTimestamp();
        var sink = new Delivery(this);
        for (var i = 0; i < batch.Count; i++)
        {
            var packet = batch.Packet(i);
            if (!GreHeader.TryDecode(packet, out var gre, out _) || gre.CallId != _setup.CallId)
            {
                _metrics.GreDrop(GreDropReason.Malformed).Inc();
                continue;
            }
            _greIn++;
            _greInBytes += gre.PayloadLength;
            if (!_greSeen)
            {
                _greSeen = true;
                Context.Parent.Tell(new GreArrived());
            }
            var before = _sequencer.Counters;
            var payload = packet.Slice(gre.HeaderLength, gre.PayloadLength);
            _sequencer.OnPacket(gre.HasSequence, gre.Sequence, gre.HasAck, gre.Ack, payload, now, ref sink);
            CountSequencerDrops(before);
        }
        PacketBatchPool.Return(batch);
        DrainBacklog(); // acks in this batch may have opened the peer's window
        Flush();
        AfterBatch();
    }

    private void CountSequencerDrops(in GreCounters before)
    {
        var after = _sequencer.Counters;
        if (after.Duplicates != before.Duplicates) _metrics.GreDrop(GreDropReason.Duplicate).Inc(after.Duplicates - before.Duplicates);
        if (after.Stale != before.Stale) _metrics.GreDrop(GreDropReason.OutOfWindow).Inc(after.Stale - before.Stale);
    }

    /// <summary>One in-order PPP frame from the peer.</summary>
    private void OnFrame(Span<byte> frame)
    {
        if (!PppFrame.TryDecode(frame, out var protocol, out var information, out _))
        {
            _metrics.PppMalformed.Inc();
            return;
        }
        if (protocol == MppeHeader.PppProtocol)
        {
            Decrypt(frame[(frame.Length - information.Length)..]);
            return;
        }
        if (protocol == PppProtocol.Ip)
        {
            // RFC 3078 §1 and our policy: with MPPE required, plain IP is never accepted.
            _metrics.GreDrop(GreDropReason.NotEncrypted).Inc();
            return;
        }
        var copy = frame.ToArray();
        Context.Parent.Tell(new PppFrameReceived(protocol, copy, copy.AsMemory(frame.Length - information.Length)));
    }

    private void Decrypt(Span<byte> packet)
    {
        if (!_dataEnabled && _awaitingData && (_early?.Count ?? 0) < MaxEarly)
        {
            var copy = ArrayPool<byte>.Shared.Rent(packet.Length);
            packet.CopyTo(copy);
            (_early ??= []).Add((copy, packet.Length));
            return;
        }
        if (_decryptor is null || !_dataEnabled)
        {
            _metrics.GreDrop(GreDropReason.NotEncrypted).Inc();
            return;
        }
        // The GRE payload lives in the batch (or a held buffer) that this actor owns: decrypted in place.
        var error = _decryptor.Decrypt(packet);
        if (error != MppeError.None)
        {
            _metrics.MppeError(error).Inc();
            if (error == MppeError.ResetRequired) Context.Parent.Tell(new DecryptorNeedsReset());
            return;
        }
        var plain = packet[MppeHeader.Length..];
        if (!PppFrame.TryDecodeHeader(plain, out var inner, out var innerHeader, out _))
        {
            // RFC 3078 §3.1: the plaintext begins with the protocol field; without one it is no PPP frame.
            _metrics.PppMalformed.Inc();
            return;
        }
        if (inner != PppProtocol.Ip)
        {
            // Only IPv4 is negotiated (IPCP); anything else inside MPPE is refused like any unknown protocol.
            Context.Parent.Tell(new PppFrameReceived(inner, plain.ToArray(), plain[innerHeader..].ToArray()));
            return;
        }
        var ip = plain[innerHeader..];
        Ipv4Mss.Clamp(ip, _mss);
        _services.Tun.Write(ip);
        _inPackets++;
        _inBytes += ip.Length;
    }

    /// <summary>The session is in (or out): what came early is decrypted and delivered now, or dropped.</summary>
    private void ReplayEarly()
    {
        if (_early is null) return;
        var early = _early;
        _early = null;
        foreach (var (buffer, length) in early)
        {
            Decrypt(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Flush();
    }

    private void ToPeer(PacketBatch batch)
    {
        if (_backlog.Count == 0)
        {
            var stopped = SendFrom(batch, 0);
            if (stopped == batch.Count) PacketBatchPool.Return(batch);
            else Hold(batch, stopped);
        }
        else
        {
            Hold(batch, 0);
            DrainBacklog();
        }
        Flush();
    }

    /// <summary>Sends the batch's packets from <paramref name="index"/> on while the peer's window has room; returns where it stopped.</summary>
    private int SendFrom(PacketBatch batch, int index)
    {
        for (; index < batch.Count; index++)
        {
            if (!_dataEnabled || _encryptor is null)
            {
                _metrics.GreDrop(GreDropReason.NotEncrypted).Inc();
                continue;
            }
            var length = batch.Packet(index).Length;
            // PPP Information of an MPPE packet: header (2) + protocol (2) + IP; it must fit the peer's MRU.
            if (length + MppeHeader.Length + 2 > _peerMru)
            {
                _metrics.GreDrop(GreDropReason.TooBig).Inc();
                continue;
            }
            if (!_sequencer.CanSend) return index;
            var slot = batch.Slot(index, out var start);
            SendIp(slot, start, length);
        }
        return index;
    }

    /// <summary>
    /// The peer's receive window is full (RFC 2637 §4.2): keep the batch (from <paramref name="from"/> on), in order,
    /// until the peer's acks open the window again — the batch itself waits, nothing is copied; beyond
    /// <see cref="MaxBacklog"/> packets, the newcomers are dropped (TCP inside backs off).
    /// </summary>
    private void Hold(PacketBatch batch, int from)
    {
        var packets = batch.Count - from;
        if (_backlogPackets + packets > MaxBacklog)
        {
            for (var i = 0; i < packets; i++) _sequencer.CountWindowFull();
            _metrics.GreDrop(GreDropReason.WindowFull).Inc(packets);
            PacketBatchPool.Return(batch);
            return;
        }
        if (_backlog.Count == 0) _backlogNext = from;
        _backlog.Enqueue(batch);
        _backlogPackets += packets;
    }

    /// <summary>Sends what waited for the window, as far as the window now allows.</summary>
    private void DrainBacklog()
    {
        while (_backlog.TryPeek(out var head))
        {
            var stopped = SendFrom(head, _backlogNext);
            _backlogPackets -= stopped - _backlogNext;
            if (stopped < head.Count)
            {
                _backlogNext = stopped;
                return;
            }
            PacketBatchPool.Return(_backlog.Dequeue());
            _backlogNext = 0;
        }
    }

    /// <summary>Encrypts the IP packet at <paramref name="start"/> and sends it, building the headers in front of it in place: [GRE][PPP][MPPE][0x0021][IP].</summary>
    private void SendIp(Span<byte> slot, int start, int length)
    {
        Ipv4Mss.Clamp(slot.Slice(start, length), _mss);
        var pppStart = _encryptor!.EncryptIpFrame(slot, start, length, _addressControl, _protocolCompression);
        SendGre(slot, pppStart, start + length - pppStart);
        _outPackets++;
        _outBytes += length;
    }

    /// <summary>A control frame: sent whatever the window says (it is rare, and the link depends on it).</summary>
    private void SendToPeer(byte[] frame)
    {
        var headroom = GreHeader.MaximumSize;
        if (frame.Length + headroom > ControlSendBufferSize)
        {
            _metrics.GreDrop(GreDropReason.TooBig).Inc();
            return;
        }
        // On the stack: the sender copies the packet when it is queued, and a held session keeps no send buffer.
        Span<byte> buffer = stackalloc byte[ControlSendBufferSize];
        frame.CopyTo(buffer[headroom..]);
        SendGre(buffer, headroom, frame.Length);
        Flush();
    }

    private const int ControlSendBufferSize = PacketBatch.MaxPacket + PacketBatch.Headroom;

    /// <summary>Puts the GRE header in front of the PPP frame at <paramref name="start"/> and sends it.</summary>
    private void SendGre(Span<byte> buffer, int start, int length)
    {
        var seq = _sequencer.TakeSendSequence();
        var hasAck = _sequencer.TryTakeAck(out var ack);
        var headerLength = GreHeader.SizeOf(true, hasAck);
        var greStart = start - headerLength;
        GreHeader.Write(buffer[greStart..], _setup.PeerCallId, (ushort)length, true, seq, hasAck, ack);
        _services.Sender.Queue(_setup.Peer, buffer.Slice(greStart, headerLength + length));
        _greOut++;
        _greOutBytes += length;
    }

    private void SendLoneAck()
    {
        if (!_sequencer.TryTakeAck(out var ack)) return;
        Span<byte> header = stackalloc byte[GreHeader.MaximumSize];
        var length = GreHeader.Write(header, _setup.PeerCallId, 0, false, 0, true, ack);
        _services.Sender.Queue(_setup.Peer, header[..length]);
        _sequencer.CountLoneAck();
        _greOut++;
    }

    /// <summary>After a batch from the peer: send an owed ack if it is due, and arm the tick for what waits.</summary>
    private void AfterBatch()
    {
        var now = Stopwatch.GetTimestamp();
        if (_sequencer.LoneAckDue(now))
        {
            SendLoneAck();
            _services.Sender.Flush();
        }
        if (_sequencer.NextDeadline == long.MaxValue || _tickArmed) return;
        // A periodic tick while acks or reordering wait, stopped when idle: arming a timer per packet
        // allocates in the scheduler (measured: ~150–200 B per packet at light load).
        _tickArmed = true;
        _idleTicks = 0;
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, TickInterval);
    }

    /// <summary>Sends the GRE queued while handling this message (one sendmmsg), and adds this message's tallies to the counters.</summary>
    private void Flush()
    {
        _services.Sender.Flush();
        var now = Environment.TickCount64;
        if (_inPackets > 0)
        {
            Counters.AddIn(_inPackets, _inBytes, now);
            _metrics.TunIn.Inc(_inPackets);
            _inPackets = _inBytes = 0;
        }
        if (_outPackets > 0)
        {
            Counters.AddOut(_outPackets, _outBytes, now);
            _metrics.TunOut.Inc(_outPackets);
            _outPackets = _outBytes = 0;
        }
        if (_greIn > 0)
        {
            _metrics.GreIn.Inc(_greIn);
            _metrics.GreBytesIn.Inc(_greInBytes);
            _greIn = _greInBytes = 0;
        }
        if (_greOut > 0)
        {
            _metrics.GreOut.Inc(_greOut);
            _metrics.GreBytesOut.Inc(_greOutBytes);
            _greOut = _greOutBytes = 0;
        }
    }

    /// <summary>TCP MSS that keeps a segment inside one tunnel packet: MRU − MPPE (4) − IPv4 (20) − TCP (20).</summary>
    private void UpdateMss() => _mss = (ushort)Math.Max(536, Math.Min(_peerMru, _services.Mtu) - 4 - 40);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>Where the sequencer delivers in-order frames: back into this actor.</summary>
    private readonly struct Delivery(GreSequencingActor owner) : IGreDelivery
    {
        public void Deliver(Span<byte> pppFrame) => owner.OnFrame(pppFrame);
    }
}
