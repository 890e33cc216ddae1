namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>Restart counters and timer of RFC 1661 §4.6, plus where our identifiers start.</summary>
public sealed record NegotiationSettings
{
    public static NegotiationSettings Default { get; } = new();

    /// <summary>Terminate-Requests sent before giving up on a Terminate-Ack (RFC 1661 §4.6: 2).</summary>
    public int MaxTerminate { get; init; } = PppAutomaton.DefaultMaxTerminate;

    /// <summary>Configure-Requests sent without an answer before giving up (RFC 1661 §4.6: 10).</summary>
    public int MaxConfigure { get; init; } = PppAutomaton.DefaultMaxConfigure;

    /// <summary>Configure-Naks sent without a Configure-Ack before Naks become Rejects (RFC 1661 §4.6: 5).</summary>
    public int MaxFailure { get; init; } = 5;

    /// <summary>The Restart timer (RFC 1661 §4.6: 3 seconds); reported with every timer start.</summary>
    public TimeSpan RestartTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The Identifier of our first packet; later packets count up from it.</summary>
    public byte FirstIdentifier { get; init; } = 1;
}
