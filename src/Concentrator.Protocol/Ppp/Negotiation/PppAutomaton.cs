using static Concentrator.Protocol.Ppp.Negotiation.PppActions;
using static Concentrator.Protocol.Ppp.Negotiation.PppEvent;
using static Concentrator.Protocol.Ppp.Negotiation.PppState;

namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>
/// The option negotiation automaton of RFC 1661 §4 as pure code: the state, the restart counter and the
/// full §4.1 state transition table. The Restart timer lives outside: each transition says whether to start
/// or stop it, and a time-out is fed back through <see cref="Timeout"/>, which picks TO+ or TO- from the counter.
/// The optional behaviours the table marks r (restart), x (crossed connection) and p (passive) are not taken.
/// </summary>
public sealed class PppAutomaton
{
    /// <summary>RFC 1661 §4.6: Max-Terminate default.</summary>
    public const int DefaultMaxTerminate = 2;

    /// <summary>RFC 1661 §4.6: Max-Configure default.</summary>
    public const int DefaultMaxConfigure = 10;

    private readonly int maxConfigure;
    private readonly int maxTerminate;

    /// <exception cref="ArgumentOutOfRangeException">A maximum below one.</exception>
    public PppAutomaton(int maxConfigure = DefaultMaxConfigure, int maxTerminate = DefaultMaxTerminate, PppState initialState = Initial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConfigure, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTerminate, 1);
        this.maxConfigure = maxConfigure;
        this.maxTerminate = maxTerminate;
        State = initialState;
    }

    public PppState State { get; private set; }

    /// <summary>The restart counter (RFC 1661 §4.6): requests still to send before TO- .</summary>
    public int RestartCounter { get; private set; }

    /// <summary>
    /// The Restart timer expired: TO+ while the counter is above zero, TO- once it is exhausted (RFC 1661 §4.3).
    /// </summary>
    public PppTransition Timeout() => Fire(RestartCounter > 0 ? TimeoutWithRetries : TimeoutExpired);

    /// <summary>Applies one event to the state transition table (RFC 1661 §4.1).</summary>
    public PppTransition Fire(PppEvent @event)
    {
        var from = State;
        if (Cell(@event, from) is not var (to, actions))
        {
            return new PppTransition(from, @event, from, None, RestartTimerCommand.None, IsLegal: false);
        }

        // RFC 1661 §4.4 irc: "set to Max-Terminate in the case of Terminate-Request, or Max-Configure in the
        // case of Configure-Request"; the counter is decremented for each request sent.
        if ((actions & InitializeRestartCount) != 0)
        {
            RestartCounter = (actions & SendTerminateRequest) != 0 ? maxTerminate : maxConfigure;
        }

        if ((actions & ZeroRestartCount) != 0)
        {
            RestartCounter = 0;
        }

        if ((actions & (SendConfigureRequest | SendTerminateRequest)) != 0 && RestartCounter > 0)
        {
            RestartCounter--;
        }

        State = to;
        return new PppTransition(from, @event, to, actions, TimerCommand(from, to, actions), IsLegal: true);
    }

    /// <summary>RFC 1661 §4.2: the states in which the Restart timer runs.</summary>
    public static bool TimerRuns(PppState state) => state is Closing or Stopping or RequestSent or AckReceived or AckSent;

    private static RestartTimerCommand TimerCommand(PppState from, PppState to, PppActions actions)
    {
        // RFC 1661 §4.4: scr and str start the timer; zrc "MUST set the timeout to a suitable value".
        if ((actions & (SendConfigureRequest | SendTerminateRequest | ZeroRestartCount)) != 0)
        {
            return RestartTimerCommand.Start;
        }

        return TimerRuns(from) && !TimerRuns(to) ? RestartTimerCommand.Stop : RestartTimerCommand.None;
    }

    /// <summary>One cell of the RFC 1661 §4.1 table; null for the '-' (illegal) cells.</summary>
    private static (PppState To, PppActions Actions)? Cell(PppEvent @event, PppState state) => (@event, state) switch
    {
        (Up, Initial) => (Closed, None),
        (Up, Starting) => (RequestSent, InitializeRestartCount | SendConfigureRequest),
        (Up, _) => null,

        (Down, Closed) => (Initial, None),
        (Down, Stopped) => (Starting, ThisLayerStarted),
        (Down, Closing) => (Initial, None),
        (Down, Stopping or RequestSent or AckReceived or AckSent) => (Starting, None),
        (Down, Opened) => (Starting, ThisLayerDown),
        (Down, _) => null,

        (Open, Initial) => (Starting, ThisLayerStarted),
        (Open, Starting) => (Starting, None),
        (Open, Closed) => (RequestSent, InitializeRestartCount | SendConfigureRequest),
        (Open, Stopped) => (Stopped, None),
        (Open, Closing or Stopping) => (Stopping, None),
        (Open, _) => (state, None),

        (Close, Initial) => (Initial, None),
        (Close, Starting) => (Initial, ThisLayerFinished),
        (Close, Closed or Stopped) => (Closed, None),
        (Close, Closing or Stopping) => (Closing, None),
        (Close, RequestSent or AckReceived or AckSent) => (Closing, InitializeRestartCount | SendTerminateRequest),
        (Close, Opened) => (Closing, ThisLayerDown | InitializeRestartCount | SendTerminateRequest),

        (TimeoutWithRetries, Closing or Stopping) => (state, SendTerminateRequest),
        (TimeoutWithRetries, RequestSent or AckReceived) => (RequestSent, SendConfigureRequest),
        (TimeoutWithRetries, AckSent) => (AckSent, SendConfigureRequest),
        (TimeoutWithRetries, _) => null,

        (TimeoutExpired, Closing) => (Closed, ThisLayerFinished),
        (TimeoutExpired, Stopping or RequestSent or AckReceived or AckSent) => (Stopped, ThisLayerFinished),
        (TimeoutExpired, _) => null,

        (_, Initial or Starting) => null,

        (ReceiveGoodConfigureRequest or ReceiveBadConfigureRequest or ReceiveConfigureAck or ReceiveConfigureNakOrReject, Closed) => (Closed, SendTerminateAck),
        (ReceiveGoodConfigureRequest or ReceiveBadConfigureRequest or ReceiveConfigureAck or ReceiveConfigureNakOrReject, Closing or Stopping) => (state, None),

        (ReceiveGoodConfigureRequest, Stopped) => (AckSent, InitializeRestartCount | SendConfigureRequest | SendConfigureAck),
        (ReceiveGoodConfigureRequest, RequestSent or AckSent) => (AckSent, SendConfigureAck),
        (ReceiveGoodConfigureRequest, AckReceived) => (Opened, SendConfigureAck | ThisLayerUp),
        (ReceiveGoodConfigureRequest, Opened) => (AckSent, ThisLayerDown | SendConfigureRequest | SendConfigureAck),

        (ReceiveBadConfigureRequest, Stopped) => (RequestSent, InitializeRestartCount | SendConfigureRequest | SendConfigureNakOrReject),
        (ReceiveBadConfigureRequest, RequestSent or AckSent) => (RequestSent, SendConfigureNakOrReject),
        (ReceiveBadConfigureRequest, AckReceived) => (AckReceived, SendConfigureNakOrReject),
        (ReceiveBadConfigureRequest, Opened) => (RequestSent, ThisLayerDown | SendConfigureRequest | SendConfigureNakOrReject),

        (ReceiveConfigureAck or ReceiveConfigureNakOrReject, Stopped) => (Stopped, SendTerminateAck),
        (ReceiveConfigureAck, RequestSent) => (AckReceived, InitializeRestartCount),
        (ReceiveConfigureAck or ReceiveConfigureNakOrReject, AckReceived) => (RequestSent, SendConfigureRequest),
        (ReceiveConfigureAck, AckSent) => (Opened, InitializeRestartCount | ThisLayerUp),
        (ReceiveConfigureAck or ReceiveConfigureNakOrReject, Opened) => (RequestSent, ThisLayerDown | SendConfigureRequest),
        (ReceiveConfigureNakOrReject, RequestSent or AckSent) => (state, InitializeRestartCount | SendConfigureRequest),

        (ReceiveTerminateRequest, Opened) => (Stopping, ThisLayerDown | ZeroRestartCount | SendTerminateAck),
        (ReceiveTerminateRequest, AckReceived or AckSent) => (RequestSent, SendTerminateAck),
        (ReceiveTerminateRequest, _) => (state, SendTerminateAck),

        (ReceiveTerminateAck, Closing) => (Closed, ThisLayerFinished),
        (ReceiveTerminateAck, Stopping) => (Stopped, ThisLayerFinished),
        (ReceiveTerminateAck, AckReceived) => (RequestSent, None),
        (ReceiveTerminateAck, Opened) => (RequestSent, ThisLayerDown | SendConfigureRequest),
        (ReceiveTerminateAck, _) => (state, None),

        (ReceiveUnknownCode, _) => (state, SendCodeReject),

        (ReceivePermittedReject, AckReceived) => (RequestSent, None),
        (ReceivePermittedReject, _) => (state, None),

        (ReceiveCatastrophicReject, Closed or Closing) => (Closed, ThisLayerFinished),
        (ReceiveCatastrophicReject, Opened) => (Stopping, ThisLayerDown | InitializeRestartCount | SendTerminateRequest),
        (ReceiveCatastrophicReject, _) => (Stopped, ThisLayerFinished),

        (ReceiveEchoOrDiscard, Opened) => (Opened, SendEchoReply),
        (ReceiveEchoOrDiscard, _) => (state, None),

        _ => null,
    };
}
