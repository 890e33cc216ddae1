using Akka.Actor;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Sessions.Call;

/// <summary>
/// LCP for one call (RFC 1661): negotiates the link (we ask for MS-CHAPv2 only, a Magic-Number and
/// our MRU; see <see cref="LcpPolicy"/>), keeps it alive with Echo-Requests, Protocol-Rejects what
/// we do not speak, and terminates it. Reports to the call actor, its parent.
/// </summary>
public sealed class LcpActor : NegotiatingActor
{
    private readonly LcpPolicy _policy;
    private readonly SessionSettings _settings;
    private int _unansweredEchoes;

    private sealed class EchoTick
    {
        public static readonly EchoTick Instance = new();
    }

    public LcpActor(SessionSettings settings, IActorRef dataPath, Func<uint> newMagicNumber) : base(dataPath)
    {
        _settings = settings;
        _policy = new LcpPolicy(settings.Lcp, newMagicNumber(), newMagicNumber);
        Engine = new NegotiationEngine(PppProtocol.Lcp, _policy, settings.Negotiation);
    }

    public static Props Props(SessionSettings settings, IActorRef dataPath, Func<uint> newMagicNumber) =>
        LocalProps.Of(() => new LcpActor(settings, dataPath, newMagicNumber));

    /// <summary>The call starts LCP at once: the peer's first Configure-Request follows Outgoing-Call-Reply closely.</summary>
    protected override void PreStart()
    {
        Apply(Engine!.Open());
        Apply(Engine.Up());
    }

    protected override bool OnMessage(object message)
    {
        switch (message)
        {
            case PppFrameReceived frame:
                Receive(frame);
                return true;
            case RejectProtocol reject:
                Apply(Engine!.RejectProtocol(reject.Frame));
                return true;
            case TerminateLink:
                Apply(Engine!.Close());
                return true;
            case EchoTick:
                OnEchoTick();
                return true;
            default:
                return false;
        }
    }

    protected override void OnOutput(NegotiationOutput output)
    {
        switch (output)
        {
            case LayerUp:
                Engine!.PeerMru = _policy.PeerMru;
                Context.Parent.Tell(new LinkUp(new LinkFraming(_policy.PeerMru,
                    _policy.PeerAcceptsCompressedAddressControl, _policy.PeerAcceptsCompressedProtocol)));
                Timers.StartPeriodicTimer(EchoTick.Instance, EchoTick.Instance, _settings.LcpEchoInterval);
                break;
            case LayerDown:
                Timers.Cancel(EchoTick.Instance);
                Context.Parent.Tell(new LinkDown());
                break;
            case LayerFinished finished:
                Timers.Cancel(EchoTick.Instance);
                Context.Parent.Tell(new LinkFinished(finished.Reason));
                break;
            case NegotiationFailed failed:
                Context.Parent.Tell(new LinkFailed(failed.Reason));
                break;
            case EchoReplyReceived:
                _unansweredEchoes = 0;
                break;
            case PeerRejectedProtocol rejected:
                Context.Parent.Tell(new ProtocolRejectedByPeer(rejected.Protocol));
                break;
        }
    }

    private void OnEchoTick()
    {
        if (_unansweredEchoes >= _settings.LcpEchoFailures)
        {
            Timers.Cancel(EchoTick.Instance);
            Context.Parent.Tell(new LinkEchoTimeout(_unansweredEchoes));
            return;
        }
        _unansweredEchoes++;
        Apply(Engine!.SendEchoRequest(ReadOnlySpan<byte>.Empty));
    }
}

/// <summary>LCP is Opened: authentication may start.</summary>
public sealed record LinkUp(LinkFraming Framing);

/// <summary>LCP left the Opened state (the peer renegotiates or terminates).</summary>
public sealed record LinkDown;

/// <summary>LCP is finished (terminated, or negotiation gave up).</summary>
public sealed record LinkFinished(NegotiationFailure Reason);

/// <summary>LCP negotiation failed for a reason the operator must see (e.g. the peer refuses MS-CHAPv2).</summary>
public sealed record LinkFailed(NegotiationFailure Reason);

/// <summary>The peer stopped answering LCP Echo-Requests.</summary>
public sealed record LinkEchoTimeout(int Unanswered);

/// <summary>The peer Protocol-Rejected one of our protocols (RFC 1661 §5.7).</summary>
public sealed record ProtocolRejectedByPeer(ushort Protocol);

/// <summary>Send an LCP Protocol-Reject for this frame (RFC 1661 §5.7).</summary>
public sealed record RejectProtocol(byte[] Frame);

/// <summary>Close the link: LCP Terminate-Request (RFC 1661 §5.5).</summary>
public sealed record TerminateLink;
