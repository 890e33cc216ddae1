using Akka.Actor;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Sessions.Call;

/// <summary>
/// The shell shared by the call's LCP, IPCP and CCP children: drives one pure
/// <see cref="NegotiationEngine"/> (RFC 1661 §4), sends the packets it asks for through the call's GRE
/// actor, runs its Restart timer, and hands every other output to the subclass. Like the call's other
/// actors it dispatches with a plain switch (an UntypedActor): a ReceiveActor builds its handler table
/// for every instance, which was a fifth of what a session setup allocated.
/// </summary>
public abstract class NegotiatingActor : UntypedActor, IWithTimers
{
    private sealed class RestartTimeout
    {
        public static readonly RestartTimeout Instance = new();
    }

    protected NegotiatingActor(IActorRef dataPath)
    {
        DataPath = dataPath;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The call's GRE sequencing actor, which sends our frames.</summary>
    protected IActorRef DataPath { get; }

    /// <summary>The engine; null until the subclass has what it needs to negotiate.</summary>
    protected NegotiationEngine? Engine { get; set; }

    protected sealed override void OnReceive(object message)
    {
        if (message is RestartTimeout) Apply(Engine!.Timeout());
        else if (!OnMessage(message)) Unhandled(message);
    }

    /// <summary>The subclass's messages; false for one it does not handle.</summary>
    protected abstract bool OnMessage(object message);

    /// <summary>
    /// Holds a frame that came before the engine exists (the peer may start IPCP or CCP before the lease or the
    /// keys are here); false once there is an engine to take it. <see cref="FeedHeld"/> gives them to it in order.
    /// </summary>
    protected bool HoldUntilStarted(PppFrameReceived frame)
    {
        if (Engine is not null) return false;
        (_held ??= []).Add(frame);
        return true;
    }

    /// <summary>Frames are held for the engine.</summary>
    protected bool HasHeld => _held is not null;

    /// <summary>Feeds the held frames to the engine, now that it exists.</summary>
    protected void FeedHeld()
    {
        if (_held is null) return;
        foreach (var frame in _held) Receive(frame);
        _held = null;
    }

    private List<PppFrameReceived>? _held;

    /// <summary>Feeds a received control packet (the PPP Information field) to the engine.</summary>
    protected void Receive(PppFrameReceived frame) => Apply(Engine!.Receive(frame.Information.Span));

    /// <summary>Carries out the engine's outputs in order.</summary>
    protected void Apply(IReadOnlyList<NegotiationOutput> outputs)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case SendControlPacket send:
                    // The full header, as PppFrame.ControlFrame writes it (RFC 1662 §3.2 for LCP).
                    DataPath.Tell(new SendFrame(send.ToFrame(addressControl: true, compressProtocol: false)));
                    break;
                case StartRestartTimer start:
                    Timers.StartSingleTimer(RestartTimeout.Instance, RestartTimeout.Instance, start.Timeout);
                    break;
                case StopRestartTimer:
                    Timers.Cancel(RestartTimeout.Instance);
                    break;
                default:
                    OnOutput(output);
                    break;
            }
        }
    }

    /// <summary>Layer events and protocol-specific outputs.</summary>
    protected abstract void OnOutput(NegotiationOutput output);
}
