using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Negotiation;

/// <summary>
/// A client-style policy for tests: asks for a fixed option list (adopting Nak-ed values, dropping Rejected
/// options) and answers the peer's requests with <see cref="Review"/> (Ack by default).
/// </summary>
internal sealed class ScriptedPolicy(params PppOption[] request) : INegotiationPolicy
{
    private readonly List<PppOption> request = [.. request];

    public Func<IReadOnlyList<PppOption>, RequestVerdict> Review { get; init; } = _ => RequestVerdict.Ack;

    public NegotiationFailure Failure => NegotiationFailure.None;

    public uint LocalMagicNumber { get; init; }

    public List<IReadOnlyList<PppOption>> Naks { get; } = [];

    public List<IReadOnlyList<PppOption>> Rejects { get; } = [];

    public List<IReadOnlyList<PppOption>> Reviewed { get; } = [];

    public IReadOnlyList<PppOption> BuildRequest() => [.. request];

    public RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options)
    {
        Reviewed.Add(options);
        return Review(options);
    }

    public void ApplyNak(IReadOnlyList<PppOption> options)
    {
        Naks.Add(options);
        foreach (var nak in options)
        {
            var index = request.FindIndex(option => option.Type == nak.Type);
            if (index >= 0)
            {
                request[index] = nak;
            }
        }
    }

    public void ApplyReject(IReadOnlyList<PppOption> options)
    {
        Rejects.Add(options);
        request.RemoveAll(options.Contains);
    }
}
