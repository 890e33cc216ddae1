using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>
/// The server's CCP: MPPE only (RFC 3078). We ask for the strongest key length we allow; a peer request is Nak-ed
/// to the single strongest variant we allow among those it offers (which also clears MPPC 'C', 'D' and the
/// weaker key bits). A peer that offers none we allow, rejects MPPE or asks for no MPPE fails the negotiation
/// with <see cref="NegotiationFailure.EncryptionRefused"/>. Other compression options are Configure-Rejected.
/// </summary>
public sealed class CcpPolicy : MppeOptionPolicy
{
    private readonly CcpSettings settings;

    /// <exception cref="ArgumentException">Neither stateless nor stateful mode is allowed.</exception>
    public CcpPolicy(CcpSettings settings)
    {
        if (!settings.AllowStateless && !settings.AllowStateful)
        {
            throw new ArgumentException("Allow stateless or stateful MPPE.", nameof(settings));
        }

        this.settings = settings;
        LocalBits = MppeKeyBits.Strongest(settings.AllowedKeyLengths) | (settings.AllowStateless ? MppeBits.Stateless : MppeBits.None);
    }

    public override RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options)
    {
        var review = new RequestReview();
        MppeBits? accepted = null;
        foreach (var option in options)
        {
            if (!CcpOptions.TryReadMppe(option, out var offered))
            {
                // Deflate, BSD-Compress, Stac… and malformed MPPE options.
                review.Reject(option);
                continue;
            }

            if (Choose(offered) is not { } choice)
            {
                Failure = NegotiationFailure.EncryptionRefused;
                continue;
            }

            if (choice == offered)
            {
                accepted = offered;
            }
            else
            {
                review.Nak(CcpOptions.Mppe(choice));
            }
        }

        var verdict = review.ToVerdict();
        if (accepted is null && verdict.Kind == RequestVerdictKind.Ack)
        {
            // No MPPE option at all: RFC 3078 §2 "If ... MPPE negotiation ... fails, the link SHOULD be terminated."
            Failure = NegotiationFailure.EncryptionRefused;
        }
        else if (verdict.Kind == RequestVerdictKind.Ack)
        {
            PeerBits = accepted;
        }

        return verdict;
    }

    /// <summary>The single strongest variant we allow among <paramref name="offered"/>, null when there is none.</summary>
    protected override MppeBits? Choose(MppeBits offered)
    {
        var keys = offered & settings.AllowedKeyLengths;
        if (keys == MppeBits.None)
        {
            return null;
        }

        var stateless = (offered & MppeBits.Stateless) != 0 ? settings.AllowStateless : !settings.AllowStateful;
        return MppeKeyBits.Strongest(keys) | (stateless ? MppeBits.Stateless : MppeBits.None);
    }
}
