using System.Net;
using Akka.Actor;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Sessions.Call;

/// <summary>
/// IPCP of one call (RFC 1332, RFC 1877): gives the client the address leased for it (Configure-Nak
/// with that address), the configured DNS and WINS servers, and rejects VJ compression (see
/// <see cref="IpcpPolicy"/>). Neither side waits for a 3-second retransmission: frames that arrive
/// before the lease are held until it comes and answered at once, and our own Configure-Request goes
/// out only when the peer is ready for it — when CCP has opened, or when the peer sends its own IPCP
/// first. (pppd answers an IPCP request that comes before its CCP is up with Terminate-Ack and
/// leaves the sender to its restart timer.)
/// </summary>
public sealed class IpcpActor : NegotiatingActor
{
    private readonly SessionSettings _settings;
    private IpcpPolicy? _policy;
    private bool _encryptionReady;
    private bool _lowerUp;

    public IpcpActor(SessionSettings settings, IActorRef dataPath) : base(dataPath)
    {
        _settings = settings;
    }

    public static Props Props(SessionSettings settings, IActorRef dataPath) =>
        LocalProps.Of(() => new IpcpActor(settings, dataPath));

    protected override bool OnMessage(object message)
    {
        switch (message)
        {
            case StartNetwork start:
                OnStart(start);
                return true;
            case PppFrameReceived frame:
                if (HoldUntilStarted(frame)) return true;
                BringUp();
                Receive(frame);
                return true;
            case EncryptionReady:
                _encryptionReady = true;
                if (Engine is not null) BringUp();
                return true;
            case ProtocolRejectedByPeer:
                Apply(Engine?.ProtocolRejected() ?? []);
                return true;
            default:
                return false;
        }
    }

    private void OnStart(StartNetwork start)
    {
        _policy = new IpcpPolicy(_settings.Ipcp, start.PeerAddress);
        Engine = new NegotiationEngine(PppProtocol.Ipcp, _policy, _settings.Negotiation) { PeerMru = start.PeerMru };
        Apply(Engine.Open());
        if (_encryptionReady || HasHeld) BringUp();
        FeedHeld();
    }

    /// <summary>The peer is ready for IPCP: the lower layer is Up for our engine (RFC 1661 §4.3), which sends our Configure-Request.</summary>
    private void BringUp()
    {
        if (_lowerUp) return;
        _lowerUp = true;
        Apply(Engine!.Up());
    }

    protected override void OnOutput(NegotiationOutput output)
    {
        switch (output)
        {
            case LayerUp:
                Context.Parent.Tell(new NetworkUp(_policy!.PeerAddress));
                break;
            case LayerDown or LayerFinished:
                Context.Parent.Tell(new NetworkDown());
                break;
            case NegotiationFailed failed:
                Context.Parent.Tell(new NetworkFailed(failed.Reason));
                break;
        }
    }
}

/// <summary>The address is leased: negotiate IPCP with it.</summary>
public sealed record StartNetwork(IPAddress PeerAddress, int PeerMru);

/// <summary>CCP has opened: the peer is ready for our IPCP Configure-Request.</summary>
public sealed record EncryptionReady;

/// <summary>IPCP is Opened: the client has its address.</summary>
public sealed record NetworkUp(IPAddress PeerAddress);

/// <summary>IPCP left Opened.</summary>
public sealed record NetworkDown;

/// <summary>IPCP could not agree.</summary>
public sealed record NetworkFailed(NegotiationFailure Reason);
