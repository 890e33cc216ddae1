using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>
/// The server's LCP: we ask for our MRU, Auth-Protocol CHAP with MS-CHAPv2 only, and a Magic-Number; from the
/// peer we accept MRU within bounds, ACCM (meaningless on GRE), Magic-Number, PFC and ACFC, and Configure-Reject
/// everything else (Auth-Protocol, Quality-Protocol, Callback, MRRU, Endpoint-Discriminator, unknown types).
/// </summary>
public sealed class LcpPolicy : INegotiationPolicy
{
    private readonly LcpSettings settings;
    private readonly Func<uint> newMagicNumber;
    private ushort mru;
    private bool requestMru = true;
    private uint magicNumber;
    private bool requestMagicNumber = true;

    /// <param name="magicNumber">Our Magic-Number, chosen at random outside (RFC 1661 §6.4); not zero.</param>
    /// <param name="newMagicNumber">Supplies a fresh random Magic-Number when a loop-back is suspected.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zero magic number.</exception>
    public LcpPolicy(LcpSettings settings, uint magicNumber, Func<uint> newMagicNumber)
    {
        ArgumentOutOfRangeException.ThrowIfZero(magicNumber);
        this.settings = settings;
        this.newMagicNumber = newMagicNumber;
        this.magicNumber = magicNumber;
        mru = settings.Mru;
    }

    public NegotiationFailure Failure { get; private set; }

    /// <summary>Our Magic-Number, zero when the peer rejected the option (RFC 1661 §5.8).</summary>
    public uint LocalMagicNumber => requestMagicNumber ? magicNumber : 0;

    /// <summary>The MRU in our current request; the RFC default when the peer rejected it.</summary>
    public ushort LocalMru => requestMru ? mru : LcpOptions.DefaultMru;

    /// <summary>The peer's MRU from its acknowledged request (default 1500): the largest frame we may send it.</summary>
    public ushort PeerMru { get; private set; } = LcpOptions.DefaultMru;

    /// <summary>The peer's Magic-Number from its acknowledged request, zero when it sent none.</summary>
    public uint PeerMagicNumber { get; private set; }

    /// <summary>The peer asked for PFC: we may send one-octet Protocol fields (RFC 1661 §6.5).</summary>
    public bool PeerAcceptsCompressedProtocol { get; private set; }

    /// <summary>The peer asked for ACFC: we may leave out Address/Control on non-LCP frames (RFC 1661 §6.6).</summary>
    public bool PeerAcceptsCompressedAddressControl { get; private set; }

    public IReadOnlyList<PppOption> BuildRequest()
    {
        var options = new List<PppOption>(3);
        if (requestMru)
        {
            options.Add(LcpOptions.Mru(mru));
        }

        options.Add(LcpOptions.MsChapV2);
        if (requestMagicNumber)
        {
            options.Add(LcpOptions.MagicNumber(magicNumber));
        }

        return options;
    }

    public RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options)
    {
        var review = new RequestReview();
        var peerMru = LcpOptions.DefaultMru;
        var peerMagic = 0u;
        var pfc = false;
        var acfc = false;
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit when LcpOptions.TryReadMru(option, out var value):
                    if (value < settings.MinimumMru || value > settings.MaximumMru)
                    {
                        review.Nak(LcpOptions.Mru(Math.Clamp(value, settings.MinimumMru, settings.MaximumMru)));
                    }

                    peerMru = value;
                    break;
                case LcpOptionType.AsyncControlCharacterMap when LcpOptions.TryReadAccm(option, out _):
                    // RFC 1662 §7.1 ACCM applies to asynchronous HDLC links; GRE has none, so any value is fine.
                    break;
                case LcpOptionType.MagicNumber when LcpOptions.TryReadMagicNumber(option, out var value):
                    // RFC 1661 §6.4: zero is illegal and must be Nak-ed; our own number suggests a looped-back
                    // link, so "a Configure-Nak MUST be sent specifying a different Magic-Number value".
                    if (value == 0 || (requestMagicNumber && value == magicNumber))
                    {
                        review.Nak(LcpOptions.MagicNumber(newMagicNumber()));
                    }

                    peerMagic = value;
                    break;
                case LcpOptionType.ProtocolFieldCompression when LcpOptions.IsFlag(option, LcpOptionType.ProtocolFieldCompression):
                    pfc = true;
                    break;
                case LcpOptionType.AddressControlFieldCompression when LcpOptions.IsFlag(option, LcpOptionType.AddressControlFieldCompression):
                    acfc = true;
                    break;
                default:
                    // Auth-Protocol (the peer wants us to authenticate to it), Quality-Protocol, Callback (Windows:
                    // CBCP), MRRU (no multilink), Endpoint-Discriminator, malformed and unknown options.
                    review.Reject(option);
                    break;
            }
        }

        var verdict = review.ToVerdict();
        if (verdict.Kind == RequestVerdictKind.Ack)
        {
            PeerMru = peerMru;
            PeerMagicNumber = peerMagic;
            PeerAcceptsCompressedProtocol = pfc;
            PeerAcceptsCompressedAddressControl = acfc;
        }

        return verdict;
    }

    public void ApplyNak(IReadOnlyList<PppOption> options)
    {
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit:
                    // Adopt a suggestion within bounds; otherwise stop asking and fall back to the default 1500.
                    if (LcpOptions.TryReadMru(option, out var value) && value >= settings.MinimumMru && value <= settings.MaximumMru)
                    {
                        mru = value;
                    }
                    else
                    {
                        requestMru = false;
                    }

                    break;
                case LcpOptionType.AuthenticationProtocol:
                    // The peer suggests another protocol (PAP, CHAP-MD5, EAP…): we never agree to one.
                    if (!LcpOptions.TryReadAuthenticationProtocol(option, out var auth) || !auth.IsMsChapV2)
                    {
                        Failure = NegotiationFailure.PeerRefusesMsChapV2;
                    }

                    break;
                case LcpOptionType.MagicNumber:
                    // RFC 1661 §6.4: on a Nak of our Magic-Number "a new Magic-Number MUST be chosen".
                    magicNumber = newMagicNumber();
                    break;
                default:
                    // Options we did not ask for are hints (RFC 1661 §5.3); we do not take them up.
                    break;
            }
        }
    }

    public void ApplyReject(IReadOnlyList<PppOption> options)
    {
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit:
                    requestMru = false;
                    break;
                case LcpOptionType.AuthenticationProtocol:
                    Failure = NegotiationFailure.PeerRefusesMsChapV2;
                    break;
                default:
                    // The engine only passes options of our request: what is left is the Magic-Number.
                    requestMagicNumber = false;
                    break;
            }
        }
    }
}
