using System.Net;
using System.Text;
using Akka.Actor;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Chap;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Users;

namespace Concentrator.Sessions.Call;

/// <summary>
/// The MS-CHAPv2 authenticator of one call (RFC 2759, over CHAP of RFC 1994): a random 16-byte
/// Challenge, repeated until a Response comes; the Response checked by the
/// <see cref="ICredentialVerifier"/>; Success with the authenticator response, or Failure with the
/// RFC 2759 §6 code (691 wrong password, 649 no VPN permission, 647 disabled), offering a retry with a
/// fresh challenge (R=1, C=…) while attempts remain. Failed passwords are reported to the brute-force
/// guard. Tells the call actor, its parent, how it ended.
/// </summary>
public sealed class AuthActor : UntypedActor, IWithTimers
{
    private readonly AuthSettings _settings;
    private readonly ICredentialVerifier _verifier;
    private readonly IBanList _bans;
    private readonly IPAddress _peer;
    private readonly IActorRef _dataPath;
    private readonly Action<Span<byte>> _random;
    private readonly byte[] _challenge = new byte[MsChapV2ChallengePacket.ChallengeLength];
    private byte _identifier;
    private int _transmits;
    private int _attempts;
    private bool _retrying;
    private byte[]? _success; // the Success frame, sent again if the peer repeats its Response (RFC 1994 §4.2)

    private sealed class ChallengeTimeout
    {
        public static readonly ChallengeTimeout Instance = new();
    }

    private sealed record Verified(AuthResult Result, MsChapV2Attempt Attempt, byte Identifier);

    public ITimerScheduler Timers { get; set; } = null!;

    public AuthActor(AuthSettings settings, ICredentialVerifier verifier, IBanList bans, IPAddress peer, IActorRef dataPath, Action<Span<byte>> random)
    {
        _settings = settings;
        _verifier = verifier;
        _bans = bans;
        _peer = peer;
        _dataPath = dataPath;
        _random = random;
    }

    public static Props Props(AuthSettings settings, ICredentialVerifier verifier, IBanList bans, IPAddress peer, IActorRef dataPath, Action<Span<byte>> random) =>
        LocalProps.Of(() => new AuthActor(settings, verifier, bans, peer, dataPath, random));

    protected override void PreStart()
    {
        _random(_challenge);
        _identifier = (byte)(_challenge[0] ^ _challenge[15]);
        SendChallenge();
    }

    protected override void OnReceive(object message) => AwaitingResponse(message);

    private void AwaitingResponse(object message)
    {
        switch (message)
        {
            case PppFrameReceived frame:
                OnResponse(frame);
                break;
            case ChallengeTimeout when _retrying || _transmits >= _settings.ChallengeTransmits:
                Context.Parent.Tell(new AuthTimedOut(_transmits));
                Become(Finished);
                break;
            case ChallengeTimeout:
                SendChallenge();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnResponse(PppFrameReceived frame)
    {
        if (!ChapPacket.TryDecode(frame.Information.Span, out var packet, out _)
            || packet is not MsChapV2ResponsePacket response || response.Identifier != _identifier) return;
        Timers.Cancel(ChallengeTimeout.Instance);
        var attempt = new MsChapV2Attempt(response.Name.ToArray(), _challenge.ToArray(), response.PeerChallenge.ToArray(),
            response.NtResponse.ToArray(), _peer);
        var identifier = response.Identifier;
        _verifier.VerifyAsync(attempt, CancellationToken.None)
            .PipeTo(Self, success: result => new Verified(result, attempt, identifier),
                failure: _ => new Verified(new AuthResult(AuthOutcome.BackendError), attempt, identifier));
        Become(Verifying);
    }

    private void Verifying(object message)
    {
        switch (message)
        {
            case Verified verified:
                OnVerified(verified);
                break;
            case PppFrameReceived: // a repeated Response while we check the first
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Finished(object message)
    {
        switch (message)
        {
            // RFC 1994 §4.2: a repeated Response after Success gets the same Success again.
            case PppFrameReceived frame:
                if (_success is not null && ChapPacket.TryDecode(frame.Information.Span, out var packet, out _)
                    && packet is MsChapV2ResponsePacket response && response.Identifier == _identifier)
                    _dataPath.Tell(new SendFrame(_success));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnVerified(Verified verified)
    {
        var (result, attempt, identifier) = verified;
        var user = result.UserName ?? attempt.UserName;
        if (result.Outcome == AuthOutcome.Success)
        {
            var message = new MsChapV2SuccessMessage(Convert.FromHexString(result.AuthenticatorResponse!.AsSpan(2)), "Welcome");
            _success = PppFrame.ControlFrame(PppProtocol.Chap, new ChapSuccessPacket(identifier, message.ToBytes()).ToArray());
            _dataPath.Tell(new SendFrame(_success));
            Context.Parent.Tell(new Authenticated(result));
            Become(Finished);
            return;
        }

        _attempts++;
        var banned = result.Outcome == AuthOutcome.BadPassword && _bans.ReportFailure(_peer, user);
        var retry = result.Outcome == AuthOutcome.BadPassword && !banned && _attempts < _settings.MaxAttempts;
        if (retry)
        {
            // RFC 2759 §6: a new challenge for the retry; the peer's next Response carries Identifier + 1.
            _random(_challenge);
        }
        var failure = new MsChapV2FailureMessage(ErrorCode(result.Outcome), retry,
            retry ? _challenge.ToArray() : ReadOnlyMemory<byte>.Empty, MsChapV2FailureMessage.MsChapV2Version, FailureText(result.Outcome));
        _dataPath.Tell(new SendFrame(PppFrame.ControlFrame(PppProtocol.Chap, new ChapFailurePacket(identifier, failure.ToBytes()).ToArray())));
        Context.Parent.Tell(new AuthAttemptFailed(result.Outcome, user, Final: !retry, Banned: banned));
        if (retry)
        {
            _identifier = (byte)(identifier + 1);
            _retrying = true;
            Timers.StartSingleTimer(ChallengeTimeout.Instance, ChallengeTimeout.Instance, _settings.RetryTimeout);
            Become(AwaitingResponse);
        }
        else Become(Finished);
    }

    private void SendChallenge()
    {
        _transmits++;
        var packet = new MsChapV2ChallengePacket(_identifier, _challenge.ToArray(), Encoding.UTF8.GetBytes(_settings.Name));
        _dataPath.Tell(new SendFrame(PppFrame.ControlFrame(PppProtocol.Chap, packet.ToArray())));
        Timers.StartSingleTimer(ChallengeTimeout.Instance, ChallengeTimeout.Instance, _settings.ChallengeTimeout);
    }

    private static MsChapV2ErrorCode ErrorCode(AuthOutcome outcome) => outcome switch
    {
        AuthOutcome.NoVpnPermission => MsChapV2ErrorCode.NoDialinPermission,
        AuthOutcome.AccountDisabled => MsChapV2ErrorCode.AccountDisabled,
        _ => MsChapV2ErrorCode.AuthenticationFailure,
    };

    private static string FailureText(AuthOutcome outcome) => outcome switch
    {
        AuthOutcome.NoVpnPermission => "Remote access via VPN is not allowed for this user",
        AuthOutcome.AccountDisabled => "The account is disabled",
        AuthOutcome.BackendError => "The user directory is unavailable; try again later",
        _ => "Wrong user name or password",
    };
}

/// <summary>The peer proved its password: the session may go on as this user.</summary>
public sealed record Authenticated(AuthResult Result);

/// <summary>A Response was refused; <paramref name="Final"/> when no retry is offered.</summary>
public sealed record AuthAttemptFailed(AuthOutcome Outcome, string UserName, bool Final, bool Banned);

/// <summary>The peer never answered our Challenge.</summary>
public sealed record AuthTimedOut(int Challenges);
