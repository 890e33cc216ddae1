using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Ppp;

/// <summary>
/// The client's CCP: MPPE only (RFC 3078 §2). We ask for the strongest key length we offer, stateless if
/// we offer stateless. The server's request is acknowledged when it names exactly one variant we offer,
/// and Nak-ed otherwise with the single strongest variant we offer among those it names — or, when it
/// names none of ours, with our own request, so that it learns what we do (RFC 1661 §5.3). A server
/// that Naks us to a variant we do not offer, rejects MPPE or asks for no MPPE at all fails the
/// negotiation with <see cref="NegotiationFailure.EncryptionRefused"/>. Other options are Rejected.
/// With <c>refuse</c> set (fault injection) we ask for nothing and reject every option.
/// </summary>
public sealed class ClientCcpPolicy : MppeOptionPolicy
{
    private readonly MppeBits _offer;
    private readonly bool _refuse;

    /// <param name="offer">Key lengths we accept (one or more of 40, 56, 128) and <see cref="MppeBits.Stateless"/> for stateless mode.</param>
    /// <param name="refuse">Reject MPPE: ask for nothing, Configure-Reject everything the server asks for.</param>
    /// <exception cref="ArgumentException">No key length offered.</exception>
    public ClientCcpPolicy(MppeBits offer, bool refuse = false)
    {
        if ((offer & MppeKeyBits.All) == MppeBits.None)
        {
            throw new ArgumentException("Offer one or more of the 40-, 56- and 128-bit key lengths.", nameof(offer));
        }

        _offer = offer & (MppeKeyBits.All | MppeBits.Stateless);
        _refuse = refuse;
        LocalBits = MppeKeyBits.Strongest(_offer) | (_offer & MppeBits.Stateless);
    }

    /// <summary>The strength and mode the acknowledged server request names (both directions use it); null before.</summary>
    public (MppeKeyLength KeyLength, bool Stateless)? Negotiated => PeerBits is { } bits
        ? (MppeKeyBits.KeyLength(bits), (bits & MppeBits.Stateless) != 0)
        : null;

    public override IReadOnlyList<PppOption> BuildRequest() => _refuse ? [] : base.BuildRequest();

    public override RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options)
    {
        var review = new RequestReview();
        MppeBits? accepted = null;
        foreach (var option in options)
        {
            if (_refuse || !CcpOptions.TryReadMppe(option, out var offered))
            {
                // Deflate, BSD-Compress, Stac, malformed MPPE options; and everything when refusing.
                review.Reject(option);
                continue;
            }

            var choice = Choose(offered) ?? LocalBits;
            if (choice == offered) accepted = offered;
            else review.Nak(CcpOptions.Mppe(choice));
        }

        var verdict = review.ToVerdict();
        if (verdict.Kind == RequestVerdictKind.Ack && accepted is null && !_refuse)
        {
            // The server would send unencrypted: RFC 3078 §2 "If ... MPPE negotiation ... fails, the link SHOULD be terminated."
            Failure = NegotiationFailure.EncryptionRefused;
        }
        else if (verdict.Kind == RequestVerdictKind.Ack)
        {
            PeerBits = accepted;
        }

        return verdict;
    }

    /// <summary>The single strongest variant we offer among <paramref name="offered"/>, in our mode; null when there is none.</summary>
    protected override MppeBits? Choose(MppeBits offered)
    {
        var keys = offered & _offer & MppeKeyBits.All;
        return keys == MppeBits.None ? null : MppeKeyBits.Strongest(keys) | (_offer & MppeBits.Stateless);
    }
}
