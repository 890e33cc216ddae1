using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>
/// What the server's <see cref="CcpPolicy"/> and the client's CCP policy share (RFC 3078 §2, MPPE only): our
/// request is one MPPE option with <see cref="LocalBits"/>; a Nak moves us to the variant <see cref="Choose"/>
/// picks from what it names, and a Nak naming nothing we allow, or a Reject of MPPE, fails the negotiation with
/// <see cref="NegotiationFailure.EncryptionRefused"/>. How the peer's request is judged is each side's own.
/// </summary>
public abstract class MppeOptionPolicy : INegotiationPolicy
{
    public NegotiationFailure Failure { get; protected set; }

    /// <summary>The MPPE bits of our current request.</summary>
    public MppeBits LocalBits { get; protected set; }

    /// <summary>The MPPE bits of the peer's acknowledged request, null until then.</summary>
    public MppeBits? PeerBits { get; protected set; }

    public virtual IReadOnlyList<PppOption> BuildRequest() => [CcpOptions.Mppe(LocalBits)];

    public abstract RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options);

    public void ApplyNak(IReadOnlyList<PppOption> options)
    {
        foreach (var option in options)
        {
            if (!CcpOptions.TryReadMppe(option, out var suggested))
            {
                continue;
            }

            if (Choose(suggested) is { } choice)
            {
                LocalBits = choice;
            }
            else
            {
                Failure = NegotiationFailure.EncryptionRefused;
            }
        }
    }

    /// <summary>The engine only passes options of our request, which is the MPPE option alone.</summary>
    public void ApplyReject(IReadOnlyList<PppOption> options) =>
        Failure = NegotiationFailure.EncryptionRefused;

    /// <summary>The single variant we would use among <paramref name="offered"/>, null when we allow none of them.</summary>
    protected abstract MppeBits? Choose(MppeBits offered);
}
