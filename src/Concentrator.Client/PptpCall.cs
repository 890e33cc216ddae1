using Concentrator.Client.Ppp;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client;

/// <summary>
/// One call (RFC 2637 §2.7): a PPP session in enhanced GRE with the server. Set up by
/// <see cref="PptpClient.ConnectAsync"/> or <see cref="PptpControlConnection.PlaceCallAsync(CancellationToken)"/>; then
/// <see cref="Result"/> says how setup went, <see cref="SendIpPacket"/> sends data and decrypted packets
/// from the server go to <see cref="PptpClientOptions.PacketSink"/>; <see cref="Disconnected"/> completes
/// when the call is over, whoever ended it.
/// </summary>
/// <remarks>
/// Every input (GRE from the receive thread, control messages from the connection's read loop, timers,
/// API calls) is handled under the call's lock, quickly and without waiting. The data path —
/// <see cref="SendIpPacket"/> and the receive path up to the sink — allocates nothing: packets are built
/// in a per-thread scratch buffer and decrypted in the receive buffer.
/// </remarks>
public sealed class PptpCall : IClientGreReceiver, IPppSessionHost, IAsyncDisposable
{
    private const int EarlyPacketLimit = 8;

    // [GRE header 16][PPP header ≤ 4][MPPE header 2][protocol 0x0021 2][IP packet]
    private const int IpOffset = GreHeader.MaximumSize + MppeEncryptor.IpFrameHeadroom;
    private const int ScratchSize = IpOffset + ushort.MaxValue;

    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly Lock _gate = new();
    private readonly PptpClientOptions _options;
    private readonly PptpControlConnection? _connection;
    private readonly IClientGreTransport? _transport;
    private readonly TimeProvider _time;
    private readonly ITimer? _timer;
    private readonly PppClientSession? _session;
    private readonly uint _server;
    private readonly long _startedAt;
    private readonly long _callReplyDeadline;
    private readonly long _setupDeadline;
    private readonly bool _ownsConnection;
    private readonly TaskCompletionSource<ConnectResult> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<CallDisconnect> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _linkClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<CallDisconnectNotify> _notified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CallState _state;
    private bool _registered;
    private bool _accepted;
    private GreSequencer? _sequencer;
    private MppeEncryptor? _encryptor;
    private MppeDecryptor? _decryptor;
    private ushort _peerMru = LcpOptions.DefaultMru;
    private bool _addressControl = true;
    private bool _protocolCompression;
    private List<byte[]>? _early;
    private byte[]? _held;
    private int _heldLength;
    private long _armed = long.MaxValue;
    private long _now;
    private bool _hangUpNeeded;
    private Task? _hangUp;
    private ConnectResult? _result;
    private OutgoingCallReply? _callReply;
    private CallDisconnectNotify? _notify;
    private DisconnectReason? _reason;
    private string _reasonDetail = string.Empty;
    private long _ipSent, _ipBytesSent, _ipReceived, _ipBytesReceived, _mppeErrors, _dropped, _strays;

    internal PptpCall(PptpControlConnection connection, PptpClientOptions options, IClientGreTransport transport, TimeProvider time, long startedAt, bool ownsConnection)
    {
        _options = options;
        _connection = connection;
        _transport = transport;
        _time = time;
        _server = Ipv4.ToUInt32(options.Server);
        _startedAt = startedAt;
        _ownsConnection = ownsConnection;
        _callReplyDeadline = time.GetTimestamp() + Ticks(options.ControlTimeout);
        _setupDeadline = startedAt + Ticks(options.ConnectTimeout);
        var passwords = new List<string>(1 + options.RetryPasswords.Count) { options.Password };
        passwords.AddRange(options.RetryPasswords);
        _session = new PppClientSession(this, new PppSessionSettings(
            options.UserName, passwords, options.Lcp, options.Ipcp, options.Encryption, options.MppeOffer, options.Negotiation, options.Random),
            time.TimestampFrequency);
        _timer = time.CreateTimer(static state => ((PptpCall)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A call that never came to exist: the control connection could not be set up.</summary>
    private PptpCall(PptpClientOptions options, TimeProvider time, ConnectResult result, DisconnectReason reason)
    {
        _options = options;
        _time = time;
        _result = result;
        _state = CallState.Disconnected;
        _established.SetResult(result);
        _disconnected.SetResult(new CallDisconnect(reason, result.Detail, null));
        _hangUp = Task.CompletedTask;
    }

    /// <summary>Our call ID: the server puts it in the key of the GRE packets it sends us (RFC 2637 §4.1).</summary>
    public ushort CallId { get; private set; }

    /// <summary>The server's call ID from its Outgoing-Call-Reply: we put it in ours.</summary>
    public ushort PeerCallId { get; private set; }

    public CallState State => _state;

    /// <summary>
    /// How setup ended. A call is handed out (by <see cref="PptpClient.ConnectAsync"/> or
    /// <see cref="PptpControlConnection.PlaceCallAsync(CancellationToken)"/>) only once <see cref="Established"/> has completed,
    /// so this never waits.
    /// </summary>
    public ConnectResult Result => _established.Task.Result;

    /// <summary>Completes when setup ends, connected or not.</summary>
    public Task<ConnectResult> Established => _established.Task;

    /// <summary>Completes when the call is over, with the reason and the server's Call-Disconnect-Notify if one came.</summary>
    public Task<CallDisconnect> Disconnected => _disconnected.Task;

    /// <summary>A snapshot of the counters.</summary>
    public CallStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new CallStatistics(_sequencer?.Counters ?? default, _ipSent, _ipBytesSent, _ipReceived, _ipBytesReceived, _mppeErrors, _dropped, _strays);
            }
        }
    }

    /// <summary>
    /// Encrypts one IPv4 packet (RFC 3078, inner protocol 0x0021) and sends it in GRE with the next sequence
    /// number and any acknowledgement we owe (RFC 2637 §4.2–4.4). Allocates nothing.
    /// </summary>
    public SendResult SendIpPacket(ReadOnlySpan<byte> ipPacket)
    {
        lock (_gate)
        {
            if (_state != CallState.Connected) return SendResult.NotConnected;
            var information = MppeHeader.Length + 2 + ipPacket.Length;
            if (information > _peerMru) return SendResult.TooBig;
            if (!_sequencer!.CanSend)
            {
                _sequencer.CountWindowFull();
                return SendResult.WindowFull;
            }

            var buffer = TakeScratch();
            ipPacket.CopyTo(buffer.AsSpan(IpOffset));
            var frameStart = _encryptor!.EncryptIpFrame(buffer, IpOffset, ipPacket.Length, _addressControl, _protocolCompression);
            SendGre(buffer, frameStart, IpOffset + ipPacket.Length - frameStart);
            t_scratch = buffer;
            _ipSent++;
            _ipBytesSent += ipPacket.Length;
            return SendResult.Sent;
        }
    }

    /// <summary>
    /// Ends the call politely, like Windows: LCP Terminate-Request (RFC 1661 §5.5), Call-Clear-Request
    /// (RFC 2637 §2.12) unless the server already sent Call-Disconnect-Notify, and, when the call has the
    /// control connection to itself, Stop-Control-Connection-Request (§2.3). Each wait is bounded by
    /// <see cref="PptpClientOptions.HangUpTimeout"/>; never throws for what the server does. Idempotent.
    /// </summary>
    public Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        Task task;
        lock (_gate)
        {
            task = _hangUp ??= Task.Run(HangUpCoreAsync, CancellationToken.None);
        }

        return task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await HangUpAsync().ConfigureAwait(false);

    public override string ToString() => $"call {CallId}/{PeerCallId} {_state}";

    internal static PptpCall Failed(PptpClientOptions options, TimeProvider time, ConnectResult result) =>
        new(options, time, result, DisconnectReason.SetupFailed);

    /// <summary>Takes a call ID from the GRE transport; false when none is free.</summary>
    internal bool Register()
    {
        lock (_gate)
        {
            _registered = _transport!.TryRegister(this, out var callId);
            CallId = callId;
            if (!_registered)
            {
                SetupFailed(ConnectOutcome.CallRefused, SetupPhase.Call, "no free call ID on the GRE transport");
                End();
            }

            return _registered;
        }
    }

    /// <summary>The Outgoing-Call-Request is about to go: start the timers.</summary>
    internal void Arm()
    {
        lock (_gate)
        {
            Reschedule(_time.GetTimestamp());
        }
    }

    /// <summary>The server's Outgoing-Call-Reply (RFC 2637 §2.8): PPP starts at once if it connected us.</summary>
    internal void OnOutgoingCallReply(OutgoingCallReply reply)
    {
        lock (_gate)
        {
            if (_state != CallState.Dialing) return;
            _callReply = reply;
            if (reply.ResultCode != OutgoingCallResult.Connected)
            {
                SetupFailed(ConnectOutcome.CallRefused, SetupPhase.Call, $"the server refused the call: result {reply.ResultCode}, error {reply.ErrorCode}");
            }
            else
            {
                _accepted = true;
                PeerCallId = reply.CallId;
                _state = CallState.Negotiating;
                _sequencer = new GreSequencer(_options.Gre, reply.PacketReceiveWindowSize, _time.TimestampFrequency);
                _now = _time.GetTimestamp();
                _session!.Start(_now);
                if (_early is not null)
                {
                    foreach (var packet in _early) Receive(packet);
                    _early = null;
                }
            }

            Reschedule(_time.GetTimestamp());
        }

        AfterEvent();
    }

    /// <summary>The server's Call-Disconnect-Notify (RFC 2637 §2.13): the call is over.</summary>
    internal void OnCallDisconnectNotify(CallDisconnectNotify notify)
    {
        lock (_gate)
        {
            if (_state == CallState.Disconnected) return;
            _notify = notify;
            _notified.TrySetResult(notify);
            var detail = $"the server sent Call-Disconnect-Notify: {notify.ResultCode}, error {notify.ErrorCode}, \"{notify.CallStatistics}\"";
            SetReason(DisconnectReason.CallDisconnectNotify, detail);
            SetupFailed(_state == CallState.Dialing ? ConnectOutcome.Disconnected : _session!.ServerEndedOutcome, SetupPhaseNow, detail);
            if (_hangUp is null) End();
            _hangUpNeeded = true;
        }

        AfterEvent();
    }

    /// <summary>The control connection is gone (closed, stopped by the server, or its framing broke).</summary>
    internal void OnControlEnded(DisconnectReason reason, string detail, bool protocolError)
    {
        lock (_gate)
        {
            if (_state == CallState.Disconnected) return;
            SetReason(reason, detail);
            SetupFailed(protocolError ? ConnectOutcome.ProtocolError : _state == CallState.Dialing ? ConnectOutcome.Disconnected : _session!.ServerEndedOutcome,
                SetupPhaseNow, detail);
            End();
        }
    }

    void IClientGreReceiver.OnGrePacket(uint source, Span<byte> grePacket)
    {
        lock (_gate)
        {
            if (source != _server)
            {
                _strays++;
                return;
            }

            switch (_state)
            {
                case CallState.Disconnected:
                    return;
                case CallState.Dialing:
                    // The server's first LCP Configure-Request may overtake its Outgoing-Call-Reply.
                    _early ??= [];
                    if (_early.Count < EarlyPacketLimit) _early.Add(grePacket.ToArray());
                    return;
            }

            _now = _time.GetTimestamp();
            Receive(grePacket);
            if (_sequencer!.LoneAckDue(_now)) SendLoneAck();
            Reschedule(_now);
        }

        AfterEvent();
    }

    void IPppSessionHost.SendFrame(ReadOnlySpan<byte> frame)
    {
        if (_sequencer is null || frame.Length > ScratchSize - GreHeader.MaximumSize) return;
        var buffer = TakeScratch();
        frame.CopyTo(buffer.AsSpan(GreHeader.MaximumSize));
        SendGre(buffer, GreHeader.MaximumSize, frame.Length);
        t_scratch = buffer;
    }

    /// <summary>
    /// This thread's packet buffer, taken for the duration of one send: a send nested in it (a transport
    /// that answers synchronously into a sink that sends again) gets a buffer of its own.
    /// </summary>
    private static byte[] TakeScratch()
    {
        var buffer = t_scratch ?? new byte[ScratchSize];
        t_scratch = null;
        return buffer;
    }

    void IPppSessionHost.OnUp(SessionUp up)
    {
        _peerMru = up.PeerMru;
        _addressControl = !up.AddressControlCompression;
        _protocolCompression = up.ProtocolCompression;
        _encryptor = up.Keys.CreateEncryptor(up.Encryption.KeyLength, up.Encryption.Stateless);
        _decryptor = up.Keys.CreateDecryptor(up.Encryption.KeyLength, up.Encryption.Stateless);

        _state = CallState.Connected;
        _result = new ConnectResult(ConnectOutcome.Connected)
        {
            Phase = SetupPhase.Connected,
            Detail = "connected",
            SetupTime = _time.GetElapsedTime(_startedAt, _now),
            Network = up.Network,
            Encryption = up.Encryption,
            ControlReply = _connection!.StartReply,
            CallReply = _callReply,
        };
        _established.TrySetResult(_result);
    }

    void IPppSessionHost.OnSetupFailed(ConnectOutcome outcome, SetupPhase phase, string detail, AuthFailure? authFailure) =>
        SetupFailed(outcome, phase, detail, authFailure);

    void IPppSessionHost.OnLinkDown(string detail)
    {
        SetReason(DisconnectReason.LinkTerminated, detail);
        _state = CallState.Disconnecting;
        _hangUpNeeded = true;
    }

    void IPppSessionHost.OnLinkClosed() => _linkClosed.TrySetResult();

    void IPppSessionHost.OnResetRequest() => _encryptor?.OnResetRequest();

    private SetupPhase SetupPhaseNow => _state == CallState.Dialing ? SetupPhase.Call : _session!.Phase;

    private void SetupFailed(ConnectOutcome outcome, SetupPhase phase, string detail, AuthFailure? authFailure = null)
    {
        if (_result is not null) return;
        _result = new ConnectResult(outcome)
        {
            Phase = phase,
            Detail = detail,
            SetupTime = _time.GetElapsedTime(_startedAt),
            AuthFailure = authFailure,
            ControlReply = _connection?.StartReply,
            CallReply = _callReply,
            DisconnectNotify = _notify,
        };
        SetReason(DisconnectReason.SetupFailed, detail);
        if (_state != CallState.Disconnected) _state = CallState.Disconnecting;
        _hangUpNeeded = true;
        _established.TrySetResult(_result);
    }

    private void SetReason(DisconnectReason reason, string detail)
    {
        if (_reason is not null) return;
        _reason = reason;
        _reasonDetail = detail;
    }

    /// <summary>One GRE packet from the server, in a writable buffer: the sliding window, then PPP.</summary>
    private void Receive(Span<byte> grePacket)
    {
        if (!GreHeader.TryDecode(grePacket, out var gre, out _) || gre.CallId != CallId) return;
        var sink = new Delivery(this);
        _sequencer!.OnPacket(gre.HasSequence, gre.Sequence, gre.HasAck, gre.Ack, grePacket.Slice(gre.HeaderLength, gre.PayloadLength), _now, ref sink);
    }

    /// <summary>One in-order PPP frame.</summary>
    private void OnFrame(Span<byte> frame)
    {
        if (!PppFrame.TryDecodeHeader(frame, out var protocol, out var headerLength, out _))
        {
            _dropped++;
            return;
        }

        switch (protocol)
        {
            case MppeHeader.PppProtocol:
                Decrypt(frame[headerLength..]);
                break;
            case PppProtocol.Ip:
                // RFC 3078: with MPPE required, plain IP is never accepted.
                _dropped++;
                break;
            default:
                if (_state is CallState.Negotiating or CallState.Connected or CallState.Disconnecting)
                {
                    _session!.OnFrame(protocol, frame[headerLength..], frame, _now);
                }

                break;
        }
    }

    private void Decrypt(Span<byte> packet)
    {
        if (_decryptor is null || _state != CallState.Connected)
        {
            _dropped++;
            return;
        }

        var error = _decryptor.Decrypt(packet);
        if (error != MppeError.None)
        {
            _mppeErrors++;
            if (error == MppeError.ResetRequired) _session!.SendResetRequest();
            return;
        }

        var plain = packet[MppeHeader.Length..];
        if (!PppFrame.TryDecodeHeader(plain, out var inner, out var innerHeader, out _) || inner != PppProtocol.Ip)
        {
            _dropped++;
            return;
        }

        Deliver(plain[innerHeader..]);
    }

    private void Deliver(ReadOnlySpan<byte> ipPacket)
    {
        _ipReceived++;
        _ipBytesReceived += ipPacket.Length;
        if (_options.PacketSink is { } sink) sink.OnIpPacket(this, ipPacket);
    }

    /// <summary>Puts the GRE header in front of the PPP frame at <paramref name="start"/> and sends it (RFC 2637 §4.1).</summary>
    private void SendGre(byte[] buffer, int start, int length)
    {
        var sequence = _sequencer!.TakeSendSequence();
        var hasAck = _sequencer.TryTakeAck(out var ack);
        var headerLength = GreHeader.SizeOf(hasSequence: true, hasAck);
        var greStart = start - headerLength;
        GreHeader.Write(buffer.AsSpan(greStart), PeerCallId, (ushort)length, hasSequence: true, sequence, hasAck, ack);
        Transmit(buffer.AsSpan(greStart, headerLength + length));
    }

    /// <summary>RFC 2637 §4.4: an acknowledgement with no data to carry it goes alone, without a sequence number.</summary>
    private void SendLoneAck()
    {
        if (!_sequencer!.TryTakeAck(out var ack)) return;
        Span<byte> header = stackalloc byte[GreHeader.MaximumSize];
        var length = GreHeader.Write(header, PeerCallId, 0, hasSequence: false, 0, hasAck: true, ack);
        _sequencer.CountLoneAck();
        Transmit(header[..length]);
    }

    private void Transmit(ReadOnlySpan<byte> packet)
    {
        if (_options.OutgoingGreFilter is not { } filter)
        {
            _transport!.Send(_options.Server, packet);
            return;
        }

        switch (filter(packet))
        {
            case GreFault.Drop:
                return;
            case GreFault.Delay:
                if (_held is not null && _heldLength > 0) _transport!.Send(_options.Server, _held.AsSpan(0, _heldLength));
                if (_held is null || _held.Length < packet.Length) _held = new byte[packet.Length];
                packet.CopyTo(_held);
                _heldLength = packet.Length;
                return;
            case GreFault.Duplicate:
                _transport!.Send(_options.Server, packet);
                _transport.Send(_options.Server, packet);
                break;
            default:
                _transport!.Send(_options.Server, packet);
                break;
        }

        if (_heldLength > 0)
        {
            _transport.Send(_options.Server, _held.AsSpan(0, _heldLength));
            _heldLength = 0;
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_state == CallState.Disconnected) return;
            _now = _time.GetTimestamp();
            _armed = long.MaxValue;
            if (_sequencer is not null)
            {
                var sink = new Delivery(this);
                _sequencer.OnTick(_now, ref sink);
                if (_sequencer.LoneAckDue(_now)) SendLoneAck();
            }

            _session!.OnTimer(_now);
            if (_result is null && _state == CallState.Dialing && _now >= _callReplyDeadline)
            {
                SetupFailed(ConnectOutcome.Timeout, SetupPhase.Call, $"no Outgoing-Call-Reply within {_options.ControlTimeout.TotalSeconds:0.#} s");
            }
            else if (_result is null && _now >= _setupDeadline)
            {
                SetupFailed(ConnectOutcome.Timeout, SetupPhaseNow, $"setup did not finish within {_options.ConnectTimeout.TotalSeconds:0.#} s");
            }

            Reschedule(_now);
        }

        AfterEvent();
    }

    /// <summary>Arms the timer for the earliest deadline: a Restart timer, a GRE ack or reordering wait, the setup limits.</summary>
    private void Reschedule(long now)
    {
        if (_state == CallState.Disconnected) return;
        var next = _session!.NextDeadline;
        if (_sequencer is not null) next = Math.Min(next, _sequencer.NextDeadline);
        if (_result is null) next = Math.Min(next, _state == CallState.Dialing ? Math.Min(_callReplyDeadline, _setupDeadline) : _setupDeadline);
        if (next == _armed) return;
        _armed = next;
        _timer!.Change(next == long.MaxValue ? Timeout.InfiniteTimeSpan : next <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, next), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Outside the lock: starts hanging up when an event asked for it.</summary>
    private void AfterEvent()
    {
        if (!Volatile.Read(ref _hangUpNeeded)) return;
        _hangUpNeeded = false;
        _ = HangUpAsync();
    }

    private async Task HangUpCoreAsync()
    {
        bool closeLink;
        bool clearCall;
        lock (_gate)
        {
            SetReason(DisconnectReason.HangUp, "we hung up");
            SetupFailed(ConnectOutcome.Disconnected, SetupPhaseNow, "we hung up during setup");
            closeLink = _accepted && _notify is null && _state != CallState.Disconnected;
            // A call whose Outgoing-Call-Reply never came may still exist on the server: clear it too.
            clearCall = (closeLink || (_state != CallState.Disconnected && !_accepted && _callReply is null && _registered)) && _connection!.IsOpen;
            if (_state != CallState.Disconnected) _state = CallState.Disconnecting;
            if (closeLink)
            {
                _now = _time.GetTimestamp();
                _session!.Close(_now);
                Reschedule(_now);
            }
        }

        if (closeLink)
        {
            await WithinAsync(Task.WhenAny(_linkClosed.Task, _notified.Task), _options.HangUpTimeout).ConfigureAwait(false);
        }

        if (clearCall && !_notified.Task.IsCompleted && await _connection!.SendAsync(new CallClearRequest(CallId)).ConfigureAwait(false) && closeLink)
        {
            await WithinAsync(_notified.Task, _options.HangUpTimeout).ConfigureAwait(false);
        }

        lock (_gate)
        {
            End();
        }

        if (_ownsConnection) await _connection!.StopAsync().ConfigureAwait(false);
    }

    private async Task WithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded wait: the server did not answer; we go on without it.
        }
    }

    /// <summary>The call is over: stop everything and tell whoever waits.</summary>
    private void End()
    {
        if (_state == CallState.Disconnected) return;
        _state = CallState.Disconnected;
        _session?.LowerLayerDown();
        _sequencer?.DiscardHeld();
        _encryptor = null;
        _decryptor = null;
        if (_registered) _transport!.Unregister(CallId, this);
        _registered = false;
        _timer?.Dispose();
        _connection?.Forget(this);
        SetupFailed(ConnectOutcome.Disconnected, SetupPhaseNow, _reasonDetail);
        _disconnected.TrySetResult(new CallDisconnect(_reason ?? DisconnectReason.HangUp, _reasonDetail, _notify));
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Where the sliding window hands in-order frames: back into this call.</summary>
    private readonly struct Delivery(PptpCall call) : IGreDelivery
    {
        public void Deliver(Span<byte> pppFrame) => call.OnFrame(pppFrame);
    }
}
