using Akka.Actor;
using Akka.Event;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Control;

/// <summary>
/// One PPTP control connection (TCP 1723): cuts the byte stream into messages, feeds them to the pure
/// <see cref="ControlConnection"/> and carries out its effects; supervises one actor per call. A call
/// that fails ends alone: its peer gets a Call-Disconnect-Notify and the other calls go on.
/// </summary>
public sealed class ControlConnectionActor : UntypedActor, IWithTimers
{
    private readonly IControlLink _link;
    private readonly ControlConnectionOptions _options;
    private readonly ControlConnection _state;
    private readonly Dictionary<ushort, IActorRef> _calls = new();
    private readonly HashSet<ushort> _reported = new();
    private readonly HashSet<IActorRef> _failedCalls = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private byte[] _pending = []; // the start of a message split across reads (allocated only when one is)
    private int _pendingCount;

    public ITimerScheduler Timers { get; set; } = null!;

    public ControlConnectionActor(IControlLink link, ControlConnectionOptions options)
    {
        _link = link;
        _options = options;
        _state = new ControlConnection(options.Settings, options.CallIds, options.PptpEnabled, link.Remote.Address, options.ReceiveWindow);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ControlBytesReceived received:
                OnBytes(received);
                break;
            case ControlLinkClosed:
                Apply(_state.OnLinkClosed());
                break;
            case ControlTimer timer:
                Apply(_state.OnTimer(timer));
                break;
            case CallEnded ended:
                OnCallEnded(ended);
                break;
            case Terminated terminated:
                OnTerminated(terminated);
                break;
            case Shutdown shutdown:
                Apply(_state.Shutdown(shutdown.Reason));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public static Props Props(IControlLink link, ControlConnectionOptions options) =>
        LocalProps.Of(() => new ControlConnectionActor(link, options));

    /// <summary>The node is going away: end the calls, then the connection, telling the peer.</summary>
    public sealed record Shutdown(string Reason);

    protected override void PreStart() => Apply(_state.Start());

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A call actor that throws is never restarted. The first time it is resumed and told to end, which it does
        // like any call: LCP Terminate-Request, its address given back, then Call-Disconnect-Notify. If it fails
        // again, or while starting, it is stopped: its PostStop gives back what it holds and its Terminated sends
        // the Call-Disconnect-Notify (see OnTerminated). The connection and its other calls are untouched.
        // (Sender is the failing child while the decider runs.)
        new OneForOneStrategy(-1, -1, ex =>
        {
            if (ex is ActorInitializationException || !_failedCalls.Add(Sender))
            {
                _log.Error(ex, "a call on the control connection from {Peer} failed again or could not start; it is stopped", _link.Remote);
                return Directive.Stop;
            }
            _log.Error(ex, "a call on the control connection from {Peer} failed; it is ended", _link.Remote);
            Sender.Tell(new EndAfterFailure(ex));
            return Directive.Resume;
        }, loggingEnabled: false);

    private void OnBytes(ControlBytesReceived received)
    {
        var incoming = received.Buffer.AsSpan(0, received.Count);
        if (_pendingCount > 0)
        {
            Keep(incoming);
            incoming = _pending.AsSpan(0, _pendingCount);
        }

        var consumed = 0;
        while (_state.Phase != ControlPhase.Closed)
        {
            var rest = incoming[consumed..];
            var status = PptpFramer.TryFrame(rest, out var length, out var error);
            if (status == PptpFrameStatus.NeedMore) break;
            if (status == PptpFrameStatus.Error)
            {
                Apply(_state.OnFramingError(error));
                return;
            }
            consumed += length;
            Apply(PptpCodec.TryDecode(rest[..length], out var message, out error)
                ? _state.OnMessage(message!)
                : _state.OnMalformed(error));
        }
        var left = incoming[consumed..];
        _pendingCount = 0;
        Keep(left);
    }

    /// <summary>Appends bytes of a message not complete yet (they may already sit later in the same buffer).</summary>
    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (_pendingCount + bytes.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(Math.Max(_pending.Length * 2, 256), _pendingCount + bytes.Length));
        bytes.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += bytes.Length;
    }

    private void OnCallEnded(CallEnded ended)
    {
        _reported.Add(ended.CallId);
        Apply(_state.OnCallEnded(ended.CallId, ended.Result, ended.Reason));
    }

    private void OnTerminated(Terminated terminated)
    {
        foreach (var (callId, actor) in _calls)
        {
            if (!actor.Equals(terminated.ActorRef)) continue;
            _calls.Remove(callId);
            _failedCalls.Remove(actor);
            if (!_reported.Remove(callId))
                Apply(_state.OnCallEnded(callId, CallDisconnectResult.GeneralError, "internal error in the concentrator"));
            break;
        }
        if (_state.Phase == ControlPhase.Closed && _calls.Count == 0) Context.Stop(Self);
    }

    private void Apply(List<ControlEffect> effects)
    {
        Span<byte> buffer = stackalloc byte[PptpFramer.MaxMessageLength];
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case SendControl send:
                    _link.Send(buffer[..send.Message.WriteTo(buffer)]);
                    break;
                case StartCall start:
                    var call = Context.ActorOf(_options.CallProps(start.Setup), $"call-{start.Setup.CallId}");
                    Context.Watch(call);
                    // The peer may send GRE the moment it reads our Outgoing-Call-Reply, before the call actor
                    // has even started: route it to the call now (it hands it to its data path).
                    _options.Demux.Register(start.Setup.Peer, start.Setup.CallId, call);
                    _calls[start.Setup.CallId] = call;
                    break;
                case HangUpCall hangUp when _calls.TryGetValue(hangUp.CallId, out var target):
                    target.Tell(new HangUp(hangUp.Result, hangUp.Reason));
                    break;
                case ArmTimer arm:
                    Timers.StartSingleTimer(arm.Timer, arm.Timer, arm.After);
                    break;
                case CancelTimer cancel:
                    Timers.Cancel(cancel.Timer);
                    break;
                case Diagnose diagnose:
                    Context.System.EventStream.Publish(new SessionDiagnostic(
                        diagnose.Kind, _link.Remote.Address, 0, null, diagnose.Message, diagnose.Hint));
                    break;
                case CountMalformed:
                    _options.Metrics.ControlMalformed.Inc();
                    break;
                case DebugLog debug:
                    _log.Debug("{Message}", debug.Message);
                    break;
                case CloseConnection close:
                    _log.Debug("closing the control connection from {Peer}: {Reason}", _link.Remote, close.Reason);
                    _link.Close();
                    Timers.CancelAll();
                    // Calls told to hang up get to finish (LCP Terminate); the connection stops after them.
                    if (_calls.Count == 0) Context.Stop(Self);
                    break;
            }
        }
    }
}
