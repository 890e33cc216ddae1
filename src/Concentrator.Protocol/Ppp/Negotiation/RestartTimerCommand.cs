namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>What the owner of the automaton must do with the Restart timer after a transition.</summary>
public enum RestartTimerCommand
{
    /// <summary>Leave it as it is (running or not).</summary>
    None = 0,

    /// <summary>(Re)start it: a Configure-Request or Terminate-Request went out, or the counter was zeroed.</summary>
    Start,

    /// <summary>Stop it: the new state does not run the timer (RFC 1661 §4.2).</summary>
    Stop,
}
