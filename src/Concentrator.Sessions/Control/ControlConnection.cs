using System.Net;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Diagnostics;

namespace Concentrator.Sessions.Control;

/// <summary>
/// The PAC side of one PPTP control connection (RFC 2637 §2, §3.1) as pure state: each input (a
/// decoded message, a timer, a call that ended) returns the effects for its actor to carry out. No
/// clock, no socket: timers are effects and inputs.
/// </summary>
public sealed class ControlConnection
{
    private readonly ControlSettings _settings;
    private readonly CallIdAllocator _callIds;
    private readonly Func<bool> _pptpEnabled;
    private readonly IPAddress _peer;
    private readonly ushort _receiveWindow;
    private readonly Dictionary<ushort, ushort> _peerCallIds = new(); // our call ID → the peer's
    private ControlPhase _phase = ControlPhase.WaitingForStart;
    private uint _echoIdentifier;
    private bool _echoOutstanding;
    private int _malformed;          // malformed messages on this connection
    private int _unreported;         // of those, received while reports were held back
    private string _lastUnreported = "";
    private bool _holdingReports;    // a report went out less than MalformedReportInterval ago

    /// <param name="settings">Behaviour and timers.</param>
    /// <param name="callIds">The node's call IDs.</param>
    /// <param name="pptpEnabled">The global switch for PPTP logins, asked at every Outgoing-Call-Request.</param>
    /// <param name="peer">The client's address.</param>
    /// <param name="receiveWindow">Our GRE receive window, told to the peer (§2.8).</param>
    public ControlConnection(ControlSettings settings, CallIdAllocator callIds, Func<bool> pptpEnabled, IPAddress peer, ushort receiveWindow)
    {
        _settings = settings;
        _callIds = callIds;
        _pptpEnabled = pptpEnabled;
        _peer = peer;
        _receiveWindow = receiveWindow;
    }

    public ControlPhase Phase => _phase;

    /// <summary>Our call IDs of the calls this connection carries.</summary>
    public IReadOnlyCollection<ushort> Calls => _peerCallIds.Keys;

    /// <summary>The connection was accepted: wait for Start-Control-Connection-Request.</summary>
    public List<ControlEffect> Start() => [new ArmTimer(ControlTimer.Start, _settings.StartTimeout)];

    /// <summary>A well-formed control message arrived.</summary>
    public List<ControlEffect> OnMessage(PptpMessage message)
    {
        var effects = new List<ControlEffect>();
        if (_phase == ControlPhase.Closed) return effects;
        if (_phase == ControlPhase.WaitingForStart)
        {
            if (message is StartControlConnectionRequest request) OnStartRequest(request, effects);
            else ProtocolViolation(effects, $"the first control message was {message.MessageType}, not Start-Control-Connection-Request");
            return effects;
        }
        KeepAlive(effects);
        switch (message)
        {
            case StartControlConnectionRequest:
                effects.Add(new SendControl(StartReply(StartControlConnectionResult.CommandChannelExists)));
                break;
            case OutgoingCallRequest request:
                OnOutgoingCallRequest(request, effects);
                break;
            case CallClearRequest clear:
                OnCallClearRequest(clear, effects);
                break;
            case EchoRequest echo:
                effects.Add(new SendControl(new EchoReply(echo.Identifier, EchoResult.Ok, PptpErrorCode.None)));
                break;
            case EchoReply:
                break; // KeepAlive above took it as the answer
            case StopControlConnectionRequest:
                HangUpAll(effects, CallDisconnectResult.AdminShutdown, "the client closed the control connection");
                effects.Add(new SendControl(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None)));
                Close(effects, "the client sent Stop-Control-Connection-Request");
                break;
            case StopControlConnectionReply when _phase == ControlPhase.Stopping:
                Close(effects, "the client answered our Stop-Control-Connection-Request");
                break;
            case IncomingCallRequest incoming:
                // §2.9: we are the PAC; a PNS has no incoming calls to offer us.
                effects.Add(new SendControl(new IncomingCallReply(0, incoming.CallId, IncomingCallResult.DoNotAccept,
                    PptpErrorCode.None, 0, 0)));
                break;
            case SetLinkInfo:
                break; // §2.15: ACCMs mean nothing on GRE (RFC 2637 §4: no async framing)
            case WanErrorNotify wan:
                // §2.14 has the PAC send it, but its counters are harmless information whoever sends them: a PNS
                // that reports its own WAN errors is not broken, so it is taken like any well-formed message.
                effects.Add(new DebugLog($"{_peer} sent WAN-Error-Notify for its call {wan.PeerCallId}: CRC errors {wan.CrcErrors}, " +
                    $"framing errors {wan.FramingErrors}, hardware overruns {wan.HardwareOverruns}, buffer overruns {wan.BufferOverruns}, " +
                    $"time-out errors {wan.TimeoutErrors}, alignment errors {wan.AlignmentErrors}"));
                break;
            default:
                // A message only a PAC sends (replies, Incoming-Call-Connected, Call-Disconnect-Notify).
                Malformed(effects, $"a {message.MessageType}, which only a PAC sends");
                break;
        }
        return effects;
    }

    /// <summary>A framed message that does not decode (wrong length for its type, unknown type).</summary>
    public List<ControlEffect> OnMalformed(PptpError error)
    {
        var effects = new List<ControlEffect>();
        if (_phase == ControlPhase.Closed) return effects;
        if (_phase == ControlPhase.WaitingForStart)
        {
            effects.Add(CountMalformed.Instance);
            ProtocolViolation(effects, $"the first control message is malformed ({error})");
        }
        else Malformed(effects, $"a control message that does not decode ({error})");
        return effects;
    }

    /// <summary>The byte stream lost its framing (bad length, message type or magic cookie): nothing after it can be trusted.</summary>
    public List<ControlEffect> OnFramingError(PptpError error)
    {
        var effects = new List<ControlEffect>();
        if (_phase == ControlPhase.Closed) return effects;
        effects.Add(CountMalformed.Instance);
        effects.Add(new Diagnose(DiagnosticKind.ProtocolViolation,
            $"the control connection from {_peer} is not PPTP ({error} in the message header)",
            "something other than a PPTP client is connecting to TCP 1723, or a middlebox corrupts the stream"));
        HangUpAll(effects, CallDisconnectResult.GeneralError, "the control connection is corrupt");
        Close(effects, $"framing error: {error}");
        return effects;
    }

    public List<ControlEffect> OnTimer(ControlTimer timer)
    {
        var effects = new List<ControlEffect>();
        if (_phase == ControlPhase.Closed) return effects;
        switch (timer)
        {
            case ControlTimer.Start when _phase == ControlPhase.WaitingForStart:
                effects.Add(new Diagnose(DiagnosticKind.SetupTimeout,
                    $"{_peer} opened TCP 1723 but sent no Start-Control-Connection-Request in {_settings.StartTimeout.TotalSeconds:0} s",
                    "a port scanner, or a client that is not PPTP"));
                Close(effects, "no Start-Control-Connection-Request");
                break;
            case ControlTimer.Echo when _echoOutstanding:
                effects.Add(new Diagnose(DiagnosticKind.ControlEchoTimeout,
                    $"{_peer} did not answer a PPTP Echo-Request in {_settings.EchoTimeout.TotalSeconds:0} s",
                    "the client vanished or TCP 1723 is cut on the path; its calls are ended"));
                HangUpAll(effects, CallDisconnectResult.LostCarrier, "the control connection is dead");
                Close(effects, "Echo-Request unanswered");
                break;
            case ControlTimer.Echo:
                _echoOutstanding = true;
                effects.Add(new SendControl(new EchoRequest(++_echoIdentifier)));
                effects.Add(new ArmTimer(ControlTimer.Echo, _settings.EchoTimeout));
                break;
            case ControlTimer.Stop when _phase == ControlPhase.Stopping:
                Close(effects, $"no Stop-Control-Connection-Reply in {_settings.StuckTimeout.TotalSeconds:0} s");
                break;
            case ControlTimer.MalformedReport when _unreported > 0:
                effects.Add(MalformedReport($"{_peer} sent {_unreported} more malformed control messages in " +
                    $"{_settings.MalformedReportInterval.TotalSeconds:0} s, the last: {_lastUnreported}; {_malformed} on this connection"));
                _unreported = 0;
                effects.Add(new ArmTimer(ControlTimer.MalformedReport, _settings.MalformedReportInterval));
                break;
            case ControlTimer.MalformedReport:
                _holdingReports = false;
                break;
        }
        return effects;
    }

    /// <summary>A call of this connection ended (its actor reported or died): tell the peer (§2.13).</summary>
    public List<ControlEffect> OnCallEnded(ushort callId, CallDisconnectResult result, string reason)
    {
        var effects = new List<ControlEffect>();
        if (!_peerCallIds.Remove(callId)) return effects;
        _callIds.Release(callId);
        if (_phase is ControlPhase.Established or ControlPhase.Draining)
        {
            var error = result == CallDisconnectResult.GeneralError ? PptpErrorCode.PacError : PptpErrorCode.None;
            effects.Add(new SendControl(new CallDisconnectNotify(callId, result, error, 0, reason)));
        }
        if (_phase == ControlPhase.Draining && _peerCallIds.Count == 0) SendStop(effects);
        return effects;
    }

    /// <summary>The node is shutting down or draining: end every call, then the connection (§2.3).</summary>
    public List<ControlEffect> Shutdown(string reason)
    {
        var effects = new List<ControlEffect>();
        switch (_phase)
        {
            case ControlPhase.WaitingForStart:
                Close(effects, reason);
                break;
            case ControlPhase.Established when _peerCallIds.Count == 0:
                SendStop(effects);
                break;
            case ControlPhase.Established:
                _phase = ControlPhase.Draining;
                foreach (var callId in _peerCallIds.Keys)
                    effects.Add(new HangUpCall(callId, CallDisconnectResult.AdminShutdown, reason));
                break;
        }
        return effects;
    }

    /// <summary>The TCP connection is gone: the calls end with it (no one is left to tell).</summary>
    public List<ControlEffect> OnLinkClosed()
    {
        var effects = new List<ControlEffect>();
        if (_phase == ControlPhase.Closed) return effects;
        HangUpAll(effects, CallDisconnectResult.LostCarrier, "the control connection closed");
        Close(effects, "the client closed TCP");
        return effects;
    }

    private void OnStartRequest(StartControlConnectionRequest request, List<ControlEffect> effects)
    {
        effects.Add(new CancelTimer(ControlTimer.Start));
        if (request.ProtocolVersion != PptpHeader.ProtocolVersion)
        {
            effects.Add(new SendControl(StartReply(StartControlConnectionResult.ProtocolVersionNotSupported)));
            effects.Add(new Diagnose(DiagnosticKind.ProtocolViolation,
                $"{_peer} asked for PPTP version 0x{request.ProtocolVersion:X4}; only 0x0100 (RFC 2637) exists",
                "the client is not a PPTP client"));
            Close(effects, "unsupported protocol version");
            return;
        }
        _phase = ControlPhase.Established;
        effects.Add(new SendControl(StartReply(StartControlConnectionResult.Successful)));
        effects.Add(new ArmTimer(ControlTimer.Echo, _settings.EchoIdle));
    }

    private void OnOutgoingCallRequest(OutgoingCallRequest request, List<ControlEffect> effects)
    {
        if (_phase != ControlPhase.Established)
        {
            effects.Add(new SendControl(CallReply(request, 0, OutgoingCallResult.GeneralError, PptpErrorCode.NotConnected)));
            return;
        }
        if (!_pptpEnabled())
        {
            effects.Add(new SendControl(CallReply(request, 0, OutgoingCallResult.DoNotAccept, PptpErrorCode.None)));
            effects.Add(new Diagnose(DiagnosticKind.PptpDisabled, $"a call from {_peer} was refused: PPTP logins are switched off",
                "switch PPTP logins on (policy.pptpEnabled) if this client should connect"));
            return;
        }
        if (_peerCallIds.ContainsValue(request.CallId))
        {
            effects.Add(new SendControl(CallReply(request, 0, OutgoingCallResult.GeneralError, PptpErrorCode.BadCallId)));
            return;
        }
        if (_peerCallIds.Count >= _settings.MaxCallsPerConnection || !_callIds.TryAllocate(out var callId))
        {
            effects.Add(new SendControl(CallReply(request, 0, OutgoingCallResult.GeneralError, PptpErrorCode.NoResource)));
            return;
        }
        _peerCallIds[callId] = request.CallId;
        // The call actor first, so that its GRE is routed before the peer learns the call ID and sends.
        effects.Add(new StartCall(new CallSetup(callId, request.CallId, _peer, request.PacketReceiveWindowSize)));
        effects.Add(new SendControl(CallReply(request, callId, OutgoingCallResult.Connected, PptpErrorCode.None)));
    }

    private void OnCallClearRequest(CallClearRequest clear, List<ControlEffect> effects)
    {
        // §2.12: the Call ID in a Call-Clear-Request is the PNS's own.
        foreach (var (callId, peerCallId) in _peerCallIds)
        {
            if (peerCallId != clear.CallId) continue;
            effects.Add(new HangUpCall(callId, CallDisconnectResult.Request, "the client hung up (Call-Clear-Request)"));
            return;
        }
    }

    private void KeepAlive(List<ControlEffect> effects)
    {
        _echoOutstanding = false;
        if (_phase is ControlPhase.Established or ControlPhase.Draining)
            effects.Add(new ArmTimer(ControlTimer.Echo, _settings.EchoIdle));
    }

    /// <summary>
    /// A message that does not decode, or that a PNS may not send: counted, ignored (RFC 2637 defines no answer to
    /// it) and reported — the first at once, those that follow at most once per report interval — until there are
    /// more than <see cref="ControlSettings.MaxMalformedMessages"/>, which closes the connection.
    /// </summary>
    private void Malformed(List<ControlEffect> effects, string what)
    {
        effects.Add(CountMalformed.Instance);
        if (++_malformed > _settings.MaxMalformedMessages)
        {
            ProtocolViolation(effects, $"{what}, after {_settings.MaxMalformedMessages} other malformed messages");
            return;
        }
        if (_holdingReports)
        {
            _unreported++;
            _lastUnreported = what;
            return;
        }
        effects.Add(MalformedReport($"{_peer} sent {what}; it was ignored ({_malformed} of {_settings.MaxMalformedMessages} tolerated on this connection)"));
        _holdingReports = true;
        effects.Add(new ArmTimer(ControlTimer.MalformedReport, _settings.MalformedReportInterval));
    }

    private Diagnose MalformedReport(string message) => new(DiagnosticKind.ProtocolViolation, message,
        $"the client's PPTP implementation is faulty or something on the path alters TCP 1723; update or replace the client " +
        $"(the connection is closed after {_settings.MaxMalformedMessages} malformed messages)");

    private void ProtocolViolation(List<ControlEffect> effects, string what)
    {
        effects.Add(new Diagnose(DiagnosticKind.ProtocolViolation, $"{_peer} broke the PPTP control protocol: {what}",
            "the client's PPTP implementation is faulty, or it is not a PPTP client"));
        HangUpAll(effects, CallDisconnectResult.GeneralError, "protocol violation");
        Close(effects, what);
    }

    private void HangUpAll(List<ControlEffect> effects, CallDisconnectResult result, string reason)
    {
        foreach (var callId in _peerCallIds.Keys) effects.Add(new HangUpCall(callId, result, reason));
    }

    private void SendStop(List<ControlEffect> effects)
    {
        _phase = ControlPhase.Stopping;
        effects.Add(new SendControl(new StopControlConnectionRequest(StopControlConnectionReason.StopLocalShutdown)));
        effects.Add(new CancelTimer(ControlTimer.Echo));
        effects.Add(new ArmTimer(ControlTimer.Stop, _settings.StuckTimeout));
    }

    private void Close(List<ControlEffect> effects, string reason)
    {
        _phase = ControlPhase.Closed;
        foreach (var callId in _peerCallIds.Keys) _callIds.Release(callId);
        _peerCallIds.Clear();
        effects.Add(new CloseConnection(reason));
    }

    private StartControlConnectionReply StartReply(StartControlConnectionResult result) => new(
        PptpHeader.ProtocolVersion, result, PptpErrorCode.None,
        FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous,
        BearerCapabilities.Analog | BearerCapabilities.Digital,
        (ushort)Math.Min(_settings.MaxCallsPerConnection, ushort.MaxValue), _settings.FirmwareRevision,
        _settings.HostName, _settings.VendorName);

    private OutgoingCallReply CallReply(OutgoingCallRequest request, ushort callId, OutgoingCallResult result, PptpErrorCode error) =>
        new(callId, request.CallId, result, error, 0, _settings.ConnectSpeed, _receiveWindow, 0, 0);
}

/// <summary>Where a control connection stands.</summary>
public enum ControlPhase
{
    WaitingForStart,
    Established,
    /// <summary>Ending its calls before it stops itself.</summary>
    Draining,
    /// <summary>Our Stop-Control-Connection-Request is out.</summary>
    Stopping,
    Closed,
}
