namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>
/// The protocol-specific half of a negotiation (LCP, IPCP, CCP): which options we ask for and which of the
/// peer's we accept. Pure: no clocks, no randomness inside; values like magic numbers come in from outside.
/// </summary>
public interface INegotiationPolicy
{
    /// <summary>
    /// <see cref="NegotiationFailure.None"/> while negotiation can still succeed; otherwise why it can not.
    /// Checked by the engine after every call below; once set the engine closes the layer.
    /// </summary>
    NegotiationFailure Failure { get; }

    /// <summary>
    /// Our Magic-Number as negotiated, zero when none is (RFC 1661 §5.8); sent in Echo-Reply and Echo-Request.
    /// Only LCP has one.
    /// </summary>
    uint LocalMagicNumber => 0;

    /// <summary>The options of our next Configure-Request.</summary>
    IReadOnlyList<PppOption> BuildRequest();

    /// <summary>Decides on the peer's Configure-Request; remembers the peer's values when the verdict is Ack.</summary>
    RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options);

    /// <summary>Revises our request after a Configure-Nak (RFC 1661 §5.3).</summary>
    void ApplyNak(IReadOnlyList<PppOption> options);

    /// <summary>Revises our request after a Configure-Reject (RFC 1661 §5.4).</summary>
    void ApplyReject(IReadOnlyList<PppOption> options);
}
