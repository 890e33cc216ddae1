using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Addressing;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Users;

namespace Concentrator.Sessions.Call;

/// <summary>
/// One PPTP call: the PPP session inside it, from LCP to IPCP and CCP Opened, and its end. It
/// supervises the children of the design card — LCP, the MS-CHAPv2 authenticator, the MPPE key state
/// (CCP), IPCP and the GRE sequencing data path — and moves the session through the RFC 1661 phases:
/// link establishment, authentication, network (CCP and IPCP together, so neither waits for the other),
/// then up. A child that fails ends this call cleanly (LCP Terminate-Request, Call-Disconnect-Notify);
/// the connection's other calls and the node go on. Operator diagnostics are published on the event stream.
/// </summary>
public sealed class CallActor : UntypedActor, IWithTimers
{
    private static long _sessionCounter;

    private readonly CallSetup _setup;
    private readonly CallServices _services;
    private readonly SessionSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _sessionId;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly SessionCounters _counters = new();
    private readonly IActorRef _dataPath;
    private readonly IActorRef _lcp;
    private IActorRef? _auth, _mppe, _ipcp;
    private LinkFraming? _framing;
    private string? _user;
    private AuthResult? _authResult;
    private readonly CallLease _lease;
    private AddressLease? _address; // the lease IPCP was started with (the holder, _lease, owns it)
    private EncryptionUp? _encryption;
    private bool _networkUp, _up, _linkOpen, _ending, _finishing, _stopped;
    private long _upAt; // Environment.TickCount64 when the session came up
    private NegotiationFailure _linkFailure;
    private SetupResult? _authFailure; // the last refused login: what the setup ended with if the client then gives up
    private CallDisconnectResult _endResult;
    private string _endReason = "";

    public ITimerScheduler Timers { get; set; } = null!;

    public CallActor(CallSetup setup, CallServices services)
    {
        _setup = setup;
        _services = services;
        _settings = services.Settings;
        _lease = new CallLease(services.Addresses);
        _sessionId = $"{services.NodeId}-{setup.CallId:x4}-{Interlocked.Increment(ref _sessionCounter):x}";
        _dataPath = Context.ActorOf(GreSequencingActor.Props(setup, new DataPathServices(
            _settings.Gre, _settings.Mtu, services.Demux, services.Sender, services.Tun, services.Metrics, _counters)), "gre");
        _lcp = Context.ActorOf(LcpActor.Props(_settings, _dataPath, () => LcpOptionPolicy.RandomMagicNumber(services.Random)), "lcp");
        services.Demux.Register(setup.Peer, setup.CallId, _dataPath);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PacketBatch batch: // GRE that came before the data path was registered
                _dataPath.Forward(batch);
                break;
            case PppFrameReceived frame:
                OnFrame(frame);
                break;
            case GreArrived:
                Timers.Cancel(Timer.NoGre);
                break;
            case LinkUp up:
                OnLinkUp(up);
                break;
            case LinkFailed failed:
                _linkFailure = failed.Reason;
                break;
            case LinkDown:
                // Leaving Opened; when we are the ones closing, LinkFinished (Terminate-Ack or give-up) follows.
                if (!_ending) OnLinkGone(NegotiationFailure.None);
                break;
            case LinkFinished finished:
                OnLinkGone(finished.Reason);
                break;
            case LinkEchoTimeout timeout:
                OnEchoTimeout(timeout);
                break;
            case ProtocolRejectedByPeer rejected:
                OnProtocolRejected(rejected);
                break;
            case Authenticated authenticated:
                OnAuthenticated(authenticated);
                break;
            case AuthAttemptFailed failed:
                OnAuthFailed(failed);
                break;
            case AuthTimedOut timedOut:
                End(CallDisconnectResult.GeneralError, $"no MS-CHAPv2 Response to {timedOut.Challenges} challenges", SetupResult.Timeout);
                break;
            case UserClaimed claimed:
                OnClaimed(claimed);
                break;
            case AllocationResult allocation:
                OnLeased(allocation);
                break;
            case EncryptionUp encryption:
                _encryption = encryption;
                _ipcp?.Tell(new EncryptionReady());
                TryComplete();
                break;
            case EncryptionRefused refused:
                OnEncryptionRefused(refused);
                break;
            case EncryptionDown:
                End(CallDisconnectResult.GeneralError, "the client closed CCP (encryption)");
                break;
            case NetworkUp:
                _networkUp = true;
                TryComplete();
                break;
            case SessionRegistered:
                // The route is in place: a client's first packet now gets its answer back (none is dropped as no_route).
                if (_up && !_ending) _dataPath.Tell(new DataEnabled(true));
                break;
            case NetworkDown:
                End(CallDisconnectResult.GeneralError, "the client closed IPCP");
                break;
            case NetworkFailed failed:
                End(CallDisconnectResult.GeneralError, $"IPCP failed: {failed.Reason}", SetupResult.Error);
                break;
            case DecryptorNeedsReset reset:
                _mppe?.Tell(reset);
                break;
            case HangUp hangUp:
                End(hangUp.Result, hangUp.Reason);
                break;
            case ChildFailed failed:
                OnChildFailed(failed);
                break;
            case EndAfterFailure failure:
                EndByInternalError(failure.Cause);
                break;
            case Timer timer:
                OnTimer(timer);
                break;
            case Terminated terminated:
                if (terminated.ActorRef.Equals(_dataPath)) Stopped();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public static Props Props(CallSetup setup, CallServices services) => LocalProps.Of(() => new CallActor(setup, services));

    private enum Timer { Setup, NoGre, Idle, SessionLimit, EndGrace, Drained }

    private sealed record ChildFailed(IActorRef Child, Exception Cause);

    protected override void PreStart()
    {
        Timers.StartSingleTimer(Timer.Setup, Timer.Setup, _settings.Policy.SetupTimeout);
        Timers.StartSingleTimer(Timer.NoGre, Timer.NoGre, _settings.Policy.NoGreTimeout);
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(-1, -1, ex =>
    {
        _log.Error(ex, "call {CallId} of {Peer} (user {User}, session {SessionId}): a part of the call failed; the call is ended",
            _setup.CallId, _setup.Peer, _user ?? "-", _sessionId);
        Self.Tell(new ChildFailed(Sender, ex));
        return Directive.Stop;
    }, loggingEnabled: false);

    private void OnFrame(PppFrameReceived frame)
    {
        switch (frame.Protocol)
        {
            case PppProtocol.Lcp:
                _lcp.Tell(frame);
                break;
            case PppProtocol.Chap:
                _auth?.Tell(frame);
                break;
            case PppProtocol.Ccp:
                _mppe?.Tell(frame); // RFC 1661 §3.4: NCP packets before the network phase are dropped
                break;
            case PppProtocol.Ipcp:
                _ipcp?.Tell(frame);
                break;
            default:
                // IPV6CP from Debian's pppd, and anything else we do not speak (RFC 1661 §5.7).
                if (_linkOpen) _lcp.Tell(new RejectProtocol(frame.Frame));
                break;
        }
    }

    private void OnLinkUp(LinkUp up)
    {
        _linkOpen = true;
        _framing = up.Framing;
        _dataPath.Tell(up.Framing);
        if (_auth is not null) return; // LCP renegotiated; authentication already ran or runs
        _auth = Context.ActorOf(AuthActor.Props(_settings.Auth, _services.Verifier, _services.Bans, _setup.Peer, _dataPath, _services.Random), "auth");
    }

    private void OnLinkGone(NegotiationFailure reason)
    {
        _linkOpen = false;
        if (_ending)
        {
            Finish();
            return;
        }
        var failure = _linkFailure != NegotiationFailure.None ? _linkFailure : reason;
        if (failure == NegotiationFailure.PeerRefusesMsChapV2)
        {
            Diagnose(DiagnosticKind.AuthProtocolRefused,
                $"{_setup.Peer} (call {_setup.CallId}) refused MS-CHAPv2, the only authentication we offer (it rejected or Naked LCP's Authentication-Protocol option)",
                "on the client, allow only 'Microsoft CHAP Version 2 (MS-CHAP v2)' (Windows: VPN properties, Security tab, 'Allow these protocols'; " +
                "pppd: require-mschap-v2) and require MPPE 128-bit; Windows shows 'the connection was closed by the remote computer' (error 741/742)");
            End(CallDisconnectResult.GeneralError, "the client refused MS-CHAPv2", SetupResult.AuthProtocolRefused);
            return;
        }
        End(CallDisconnectResult.LostCarrier, failure switch
        {
            NegotiationFailure.TerminatedByPeer or NegotiationFailure.None => "the client terminated the link (LCP Terminate-Request)",
            NegotiationFailure.PeerNotResponding => "the client did not answer LCP",
            _ => $"LCP failed: {failure}",
        });
    }

    private void OnEchoTimeout(LinkEchoTimeout timeout)
    {
        _services.Metrics.LcpEchoFailures.Inc();
        Diagnose(DiagnosticKind.LcpEchoTimeout,
            $"{_setup.Peer} (call {_setup.CallId}, user {_user ?? "-"}) did not answer {timeout.Unanswered} LCP Echo-Requests",
            "the client vanished, or GRE from it stopped arriving (a NAT or firewall timed it out)");
        _linkOpen = false; // nobody is there to answer a Terminate-Request
        End(CallDisconnectResult.LostCarrier, "LCP echo timeout", SetupResult.Timeout);
    }

    private void OnProtocolRejected(ProtocolRejectedByPeer rejected)
    {
        if (rejected.Protocol == PppProtocol.Ccp) _mppe?.Tell(rejected);
        else if (rejected.Protocol == PppProtocol.Ipcp) _ipcp?.Tell(rejected);
    }

    private void OnAuthenticated(Authenticated authenticated)
    {
        _authResult = authenticated.Result;
        _user = authenticated.Result.UserName;
        // Network phase: CCP at once (the client starts it right after CHAP Success), IPCP as soon as
        // the address is leased; both children hold early frames.
        var peerMru = _framing?.PeerMru ?? LcpOptions.DefaultMru;
        _mppe = Context.ActorOf(MppeActor.Props(_settings, _dataPath), "mppe");
        _mppe.Tell(new StartEncryption(authenticated.Result.MppeKeys!, peerMru));
        _ipcp = Context.ActorOf(IpcpActor.Props(_settings, _dataPath), "ipcp");
        if (_settings.Policy.OneSessionPerUser == OneSessionPerUser.Off) Lease();
        else _services.Claims.Tell(new ClaimUser(_user!, _sessionId, _settings.Policy.OneSessionPerUser));
    }

    private void OnClaimed(UserClaimed claimed)
    {
        if (claimed.Granted)
        {
            Lease();
            return;
        }
        Diagnose(DiagnosticKind.DuplicateSession, $"a second login of '{_user}' from {_setup.Peer} was refused: {claimed.Reason}",
            "one session per user is enforced (policy.oneSessionPerUser); end the other session or set it to replace-old");
        End(CallDisconnectResult.AdminShutdown, $"user already connected: {claimed.Reason}", SetupResult.Error);
    }

    private void Lease()
    {
        var holder = _lease; // the lease is taken over on the allocation's thread: not lost if this actor is gone by then
        _services.Addresses.AllocateAsync(_sessionId, _user!, _authResult!.StaticAddress, CancellationToken.None)
            .PipeTo(Self, success: result =>
            {
                if (result.Lease is not null) holder.Keep(result.Lease);
                return result;
            }, failure: _ => AllocationResult.Failed(AllocationFailure.Unavailable));
    }

    private void OnLeased(AllocationResult result)
    {
        if (_ending) return; // a lease that came is the holder's, given back when the call finishes
        if (result.Lease is null)
        {
            Diagnose(DiagnosticKind.PoolExhausted, $"no tunnel address for '{_user}' from {_setup.Peer}: {result.Failure}",
                result.Failure == AllocationFailure.PoolExhausted ? "enlarge the address pool" : "check the address pool and its database");
            End(CallDisconnectResult.GeneralError, $"no address: {result.Failure}", SetupResult.Error);
            return;
        }
        _address = result.Lease;
        _ipcp!.Tell(new StartNetwork(result.Lease.Address, _framing?.PeerMru ?? LcpOptions.DefaultMru));
    }

    private void OnAuthFailed(AuthAttemptFailed failed)
    {
        _user = failed.UserName;
        var (kind, reason, setup, text, hint) = failed.Outcome switch
        {
            AuthOutcome.NoVpnPermission => (DiagnosticKind.NoVpnPermission, AuthFailureReason.NoVpnPermission, SetupResult.NoVpnPermission,
                "has no permission for VPN access (E=649)",
                "allow remote access via VPN for this user if it should connect (concentrator users set NAME --vpn)"),
            AuthOutcome.AccountDisabled => (DiagnosticKind.AccountDisabled, AuthFailureReason.Disabled, SetupResult.Disabled, "is disabled (E=647)",
                "enable the account if it should connect (concentrator users enable NAME)"),
            AuthOutcome.BackendError => (DiagnosticKind.AuthBackendError, AuthFailureReason.Error, SetupResult.Error,
                "could not be checked: the user directory did not answer (E=691)",
                "check the database or RADIUS server"),
            _ => (DiagnosticKind.BadPassword, AuthFailureReason.BadPassword, SetupResult.BadPassword, "gave a wrong password or does not exist (E=691)",
                "check the user name and password on the client; non-Latin passwords work (UTF-16, RFC 2759)"),
        };
        _services.Metrics.AuthFailure(reason).Inc();
        _authFailure = failed.Banned ? SetupResult.Banned : setup;
        Diagnose(kind, $"login of '{failed.UserName}' from {_setup.Peer} (call {_setup.CallId}) refused: the user {text}", hint);
        if (failed.Banned)
            Diagnose(DiagnosticKind.SourceBanned, $"{_setup.Peer} is banned after repeated wrong passwords (last as '{failed.UserName}')",
                "the brute-force guard refuses it at TCP 1723 until the ban expires; lift it with 'concentrator bans remove'");
        if (failed.Final) End(CallDisconnectResult.GeneralError, $"authentication failed: {text}", _authFailure);
    }

    private void OnEncryptionRefused(EncryptionRefused refused)
    {
        Diagnose(DiagnosticKind.EncryptionRefused,
            $"{_setup.Peer} (call {_setup.CallId}, user {_user ?? "-"}) will not encrypt as required: {refused.Why}",
            "enable MPPE 128-bit and only MS-CHAPv2 on the client ('require encryption'); Windows shows error 742");
        End(CallDisconnectResult.GeneralError, "encryption required", SetupResult.EncryptionRefused);
    }

    private void TryComplete()
    {
        if (_up || _ending || _encryption is null || !_networkUp || _address is null) return;
        _up = true;
        _upAt = Environment.TickCount64;
        Timers.Cancel(Timer.Setup);
        // Authentication is over (the client had our Success before it could open CCP and IPCP): its actor goes, so a
        // held session keeps one actor less. The reference stays, so an LCP renegotiation does not authenticate again.
        if (_auth is not null) Context.Stop(_auth);
        var info = new SessionInfo(_sessionId, _user!, _setup.Peer, _setup.CallId, _address.Address, _services.InterfaceName,
            _services.NodeId, DateTimeOffset.UtcNow, _encryption.ToString(), _counters);
        _services.Directory.Tell(new RegisterSession(info, _dataPath));
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        _services.Metrics.Setup(SetupResult.Ok).Inc();
        _services.Metrics.SetupDuration.Observe(seconds);
        _log.Info("session {SessionId} up: user {User} from {Peer}, call {CallId}, address {Address}, {Encryption}, set up in {Seconds:0.000} s",
            new object[] { _sessionId, _user!, _setup.Peer, _setup.CallId, _address.Address, _encryption, seconds });
        var policy = _settings.Policy;
        if (policy.SessionTimeout > TimeSpan.Zero) Timers.StartSingleTimer(Timer.SessionLimit, Timer.SessionLimit, policy.SessionTimeout);
        if (policy.IdleTimeout > TimeSpan.Zero)
            Timers.StartPeriodicTimer(Timer.Idle, Timer.Idle, TimeSpan.FromTicks(Math.Max(policy.IdleTimeout.Ticks / 4, TimeSpan.TicksPerSecond)));
    }

    private void OnTimer(Timer timer)
    {
        switch (timer)
        {
            case Timer.Setup when !_up:
                Diagnose(DiagnosticKind.SetupTimeout,
                    $"call {_setup.CallId} from {_setup.Peer} (user {_user ?? "-"}) did not come up in {_settings.Policy.SetupTimeout.TotalSeconds:0} s",
                    _auth is null ? "LCP never opened: check that GRE (IP protocol 47) passes both ways" : "the client stalled during negotiation");
                End(CallDisconnectResult.GeneralError, "setup timeout", SetupResult.Timeout);
                break;
            case Timer.NoGre:
                _services.Metrics.CallsWithoutGre.Inc();
                Diagnose(DiagnosticKind.NoGre,
                    $"no GRE received from {_setup.Peer} for call {_setup.CallId} in {_settings.Policy.NoGreTimeout.TotalSeconds:0} s",
                    "GRE (IP protocol 47) is blocked between you and the client; Windows shows error 619");
                break;
            case Timer.Idle when Environment.TickCount64 - Math.Max(_counters.LastActivity, _upAt) >= _settings.Policy.IdleTimeout.TotalMilliseconds:
                End(CallDisconnectResult.AdminShutdown, $"idle for {Duration(_settings.Policy.IdleTimeout)}");
                break;
            case Timer.SessionLimit:
                End(CallDisconnectResult.AdminShutdown, $"session time limit of {Duration(_settings.Policy.SessionTimeout)} reached");
                break;
            case Timer.EndGrace:
                Finish();
                break;
            case Timer.Drained:
                Stopped();
                break;
        }
    }

    private void OnChildFailed(ChildFailed failed)
    {
        if (failed.Child.Equals(_lcp) && _linkOpen)
        {
            // The LCP actor is gone: say goodbye on its behalf (RFC 1661 §5.5).
            var terminate = new ControlPacket(ControlCode.TerminateRequest, 0xFF, ReadOnlyMemory<byte>.Empty);
            _dataPath.Tell(new SendFrame(PppFrame.ControlFrame(PppProtocol.Lcp, terminate.ToArray())));
            _linkOpen = false;
        }
        if (failed.Child.Equals(_dataPath)) _linkOpen = false;
        EndByInternalError(failed.Cause);
    }

    /// <summary>A policy time as an operator reads it: "45 min", "30 s".</summary>
    private static string Duration(TimeSpan time) =>
        time.TotalMinutes >= 1 ? $"{time.TotalMinutes:0.#} min" : $"{time.TotalSeconds:0.#} s";

    private void EndByInternalError(Exception cause)
    {
        if (_ending)
        {
            // It failed while ending, so the step that failed may never have armed what finishes it: finish now, or stop
            // (PostStop gives back what it holds and the connection sends Call-Disconnect-Notify).
            if (!_finishing) Finish();
            else Context.Stop(Self);
            return;
        }
        Diagnose(DiagnosticKind.InternalError, $"call {_setup.CallId} of {_setup.Peer} ended by an internal error: {cause.Message}",
            "this is a bug in the concentrator; the log has the stack trace");
        End(CallDisconnectResult.GeneralError, "internal error in the concentrator", SetupResult.Error);
    }

    /// <summary>Ends the call: LCP Terminate-Request if the link is open, then <see cref="Finish"/>.</summary>
    /// <param name="setupResult">How the setup ended, if the call was not up yet; by default the last refused login's
    /// result (a client that hangs up after a wrong password offered a retry), else <see cref="SetupResult.Error"/>.</param>
    private void End(CallDisconnectResult result, string reason, SetupResult? setupResult = null)
    {
        if (_ending) return;
        _ending = true;
        _endResult = result;
        _endReason = reason;
        CountEnd(setupResult);
        _dataPath.Tell(new DataEnabled(false));
        Timers.Cancel(Timer.Setup);
        Timers.Cancel(Timer.Idle);
        Timers.Cancel(Timer.SessionLimit);
        if (_linkOpen)
        {
            _lcp.Tell(new TerminateLink());
            // RFC 1661 §4.6: Max-Terminate (2) × Restart (3 s) bounds the wait for Terminate-Ack.
            Timers.StartSingleTimer(Timer.EndGrace, Timer.EndGrace,
                _settings.Negotiation.RestartTimeout * (_settings.Negotiation.MaxTerminate + 1));
        }
        else Finish();
    }

    /// <summary>
    /// Releases the lease and stops the data path after it has sent what is queued for it (the last
    /// CHAP Failure, Terminate-Requests): a PoisonPill is an ordinary message, behind those frames.
    /// The call reports to its connection when the data path is gone.
    /// </summary>
    private void Finish()
    {
        if (_finishing) return;
        _finishing = true;
        _lease.Release();
        Timers.Cancel(Timer.EndGrace);
        Context.Watch(_dataPath);
        _dataPath.Tell(PoisonPill.Instance);
        Timers.StartSingleTimer(Timer.Drained, Timer.Drained, TimeSpan.FromSeconds(2));
    }

    private void Stopped()
    {
        if (_stopped) return;
        _stopped = true;
        _log.Info("call {CallId} of {Peer} (user {User}, session {SessionId}) ended: {Reason}",
            new object[] { _setup.CallId, _setup.Peer, _user ?? "-", _sessionId, _endReason });
        Context.Parent.Tell(new CallEnded(_setup.CallId, _endResult, _endReason));
        Context.Stop(Self);
    }

    /// <summary>
    /// However the call ends, what it holds is given back: the lease here (once: <see cref="Finish"/> has given it
    /// back already after a proper end), its GRE route here and in its data path's PostStop; the session directory
    /// and the user claims watch it. A call stopped from outside before its own end (it failed again while ending,
    /// or the node went down) is counted as ended and logged.
    /// </summary>
    protected override void PostStop()
    {
        _lease.Release();
        _services.Demux.Unregister(_setup.Peer, _setup.CallId, Self);
        if (_stopped) return;
        if (!_ending) CountEnd(null);
        _log.Warning("call {CallId} of {Peer} (user {User}, session {SessionId}) was stopped before it ended properly; its address is released",
            _setup.CallId, _setup.Peer, _user ?? "-", _sessionId);
    }

    /// <summary>Counts the end of the call, and how its setup ended if it never came up (see <see cref="End"/>).</summary>
    private void CountEnd(SetupResult? setupResult)
    {
        if (!_up) _services.Metrics.Setup(setupResult ?? _authFailure ?? SetupResult.Error).Inc();
        _services.Metrics.SessionEnded(_up ? SessionEndCause.Ended : SessionEndCause.SetupFailed).Inc();
    }

    private void Diagnose(DiagnosticKind kind, string message, string hint) =>
        Context.System.EventStream.Publish(new SessionDiagnostic(kind, _setup.Peer, _setup.CallId, _user, message, hint));
}
