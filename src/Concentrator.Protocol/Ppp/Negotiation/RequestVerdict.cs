namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>How we answer a peer's Configure-Request (RFC 1661 §5.2–§5.4).</summary>
public enum RequestVerdictKind
{
    Ack,
    Nak,
    Reject,
}

/// <summary>
/// A policy's verdict on a peer's Configure-Request. For Nak the options carry the values we want; for Reject
/// they are the peer's own options, byte for byte (RFC 1661 §5.4: "MUST NOT be reordered or modified").
/// </summary>
public sealed record RequestVerdict(RequestVerdictKind Kind, IReadOnlyList<PppOption> Options)
{
    public static RequestVerdict Ack { get; } = new(RequestVerdictKind.Ack, []);

    public static RequestVerdict Nak(IReadOnlyList<PppOption> suggestions) => new(RequestVerdictKind.Nak, suggestions);

    public static RequestVerdict Reject(IReadOnlyList<PppOption> rejected) => new(RequestVerdictKind.Reject, rejected);
}
