namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>
/// Collects per-option decisions while a policy walks a peer's Configure-Request and turns them into one
/// verdict. RFC 1661 §5.3/§5.4: a Configure-Reject takes precedence — Nak-ed options wait for the next request.
/// </summary>
public sealed class RequestReview
{
    private readonly List<PppOption> naks = [];
    private readonly List<PppOption> rejects = [];

    /// <summary>Nak with the value we want (it may name an option the peer did not include, RFC 1661 §5.3).</summary>
    public void Nak(PppOption suggestion) => naks.Add(suggestion);

    /// <summary>Reject the peer's option as received.</summary>
    public void Reject(PppOption original) => rejects.Add(original);

    public RequestVerdict ToVerdict() =>
        rejects.Count > 0 ? RequestVerdict.Reject(rejects)
        : naks.Count > 0 ? RequestVerdict.Nak(naks)
        : RequestVerdict.Ack;
}
