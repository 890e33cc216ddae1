using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Negotiation;

/// <summary>The restart counter of RFC 1661 §4.6 and the TO+/TO- decision.</summary>
public class PppAutomatonTests
{
    [Fact]
    public void Max_configure_requests_are_sent_before_to_minus()
    {
        var automaton = new PppAutomaton(initialState: PppState.Starting);
        var requests = automaton.Fire(PppEvent.Up).Has(PppActions.SendConfigureRequest) ? 1 : 0;

        PppTransition transition;
        while ((transition = automaton.Timeout()).Event == PppEvent.TimeoutWithRetries)
        {
            Assert.True(transition.Has(PppActions.SendConfigureRequest));
            Assert.Equal(RestartTimerCommand.Start, transition.Timer);
            requests++;
        }

        Assert.Equal(PppAutomaton.DefaultMaxConfigure, requests);
        Assert.Equal(PppEvent.TimeoutExpired, transition.Event);
        Assert.Equal(PppActions.ThisLayerFinished, transition.Actions);
        Assert.Equal(RestartTimerCommand.Stop, transition.Timer);
        Assert.Equal(PppState.Stopped, automaton.State);
        Assert.False(automaton.Timeout().IsLegal);
    }

    [Fact]
    public void Max_terminate_requests_are_sent_before_giving_up()
    {
        var automaton = new PppAutomaton(initialState: PppState.Opened);

        Assert.True(automaton.Fire(PppEvent.Close).Has(PppActions.SendTerminateRequest));
        Assert.Equal(1, automaton.RestartCounter);
        Assert.True(automaton.Timeout().Has(PppActions.SendTerminateRequest));
        var last = automaton.Timeout();

        Assert.Equal(PppEvent.TimeoutExpired, last.Event);
        Assert.Equal(PppState.Closed, automaton.State);
    }

    [Fact]
    public void Configured_maxima_are_used()
    {
        var automaton = new PppAutomaton(maxConfigure: 2, maxTerminate: 1, initialState: PppState.Closed);

        automaton.Fire(PppEvent.Open);
        Assert.Equal(1, automaton.RestartCounter);
        Assert.Equal(PppEvent.TimeoutWithRetries, automaton.Timeout().Event);
        Assert.Equal(PppEvent.TimeoutExpired, automaton.Timeout().Event);

        var closing = new PppAutomaton(maxConfigure: 2, maxTerminate: 1, initialState: PppState.AckSent);
        closing.Fire(PppEvent.Close);
        Assert.Equal(0, closing.RestartCounter);
        Assert.Equal(PppEvent.TimeoutExpired, closing.Timeout().Event);
    }

    [Fact]
    public void Terminate_request_on_opened_zeroes_the_counter()
    {
        var automaton = new PppAutomaton(initialState: PppState.Opened);

        var transition = automaton.Fire(PppEvent.ReceiveTerminateRequest);

        Assert.Equal(RestartTimerCommand.Start, transition.Timer);
        Assert.Equal(0, automaton.RestartCounter);
        Assert.Equal(PppEvent.TimeoutExpired, automaton.Timeout().Event);
        Assert.Equal(PppState.Stopped, automaton.State);
    }

    [Fact]
    public void A_received_ack_reinitialises_the_counter()
    {
        var automaton = new PppAutomaton(initialState: PppState.Closed);
        automaton.Fire(PppEvent.Open);
        automaton.Timeout();
        Assert.Equal(PppAutomaton.DefaultMaxConfigure - 2, automaton.RestartCounter);

        automaton.Fire(PppEvent.ReceiveConfigureAck);

        Assert.Equal(PppAutomaton.DefaultMaxConfigure, automaton.RestartCounter);
    }

    [Fact]
    public void Timer_runs_only_in_the_negotiating_and_terminating_states()
    {
        Assert.Equal(
            [PppState.Closing, PppState.Stopping, PppState.RequestSent, PppState.AckReceived, PppState.AckSent],
            Enum.GetValues<PppState>().Where(PppAutomaton.TimerRuns));
    }

    [Fact]
    public void Maxima_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PppAutomaton(maxConfigure: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PppAutomaton(maxTerminate: 0));
    }
}
