using System.Net;
using Akka.Actor;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Sessions.Call;

/// <summary>
/// IPCP of one call (RFC 1332, RFC 1877): gives the client the address leased for it (Configure-Nak
/// with that address), the configured DNS and WINS servers, and rejects VJ compression (see
/// <see cref="IpcpPolicy"/>). Frames that arrive before the lease are held until it comes, so a
/// client that starts IPCP right after authentication is answered at once, not after its 3-second
/// retransmission.
/// </summary>
public sealed class IpcpActor : NegotiatingActor
{
    private readonly SessionSettings _settings;
    private readonly List<PppFrameReceived> _early = new();
    private IpcpPolicy? _policy;

    public IpcpActor(SessionSettings settings, IActorRef dataPath) : base(dataPath)
    {
        _settings = settings;
        Receive<StartNetwork>(OnStart);
        Receive<PppFrameReceived>(frame =>
        {
            if (Engine is null) _early.Add(frame);
            else Receive(frame);
        });
        Receive<ProtocolRejectedByPeer>(_ => Apply(Engine?.ProtocolRejected() ?? []));
    }

    public static Props Props(SessionSettings settings, IActorRef dataPath) =>
        Akka.Actor.Props.Create(() => new IpcpActor(settings, dataPath));

    private void OnStart(StartNetwork start)
    {
        _policy = new IpcpPolicy(_settings.Ipcp, start.PeerAddress);
        Engine = new NegotiationEngine(PppProtocol.Ipcp, _policy, _settings.Negotiation) { PeerMru = start.PeerMru };
        Apply(Engine.Open());
        Apply(Engine.Up());
        foreach (var frame in _early) Receive(frame);
        _early.Clear();
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

/// <summary>IPCP is Opened: the client has its address.</summary>
public sealed record NetworkUp(IPAddress PeerAddress);

/// <summary>IPCP left Opened.</summary>
public sealed record NetworkDown;

/// <summary>IPCP could not agree.</summary>
public sealed record NetworkFailed(NegotiationFailure Reason);
