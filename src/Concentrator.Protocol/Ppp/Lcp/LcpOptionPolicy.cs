using System.Buffers.Binary;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>
/// The LCP option handling the server's <see cref="LcpPolicy"/> and the client's policy share (RFC 1661 §6): we ask
/// for our MRU and a Magic-Number (and PFC/ACFC where configured); from the peer we accept MRU, ACCM (meaningless on
/// GRE), Magic-Number, PFC and ACFC, and Configure-Reject Quality-Protocol, Callback, MRRU, Endpoint-Discriminator,
/// malformed and unknown options. What differs is who authenticates whom (<see cref="RequiredAuthentication"/>,
/// <see cref="OfferedAuthentication"/>) and whether the peer's MRU is bounded (<see cref="BoundsPeerMru"/>).
/// </summary>
public abstract class LcpOptionPolicy : INegotiationPolicy
{
    private readonly ushort minimumMru;
    private readonly ushort maximumMru;
    private readonly Func<uint> newMagicNumber;
    private ushort mru;
    private bool requestMru = true;
    private uint magicNumber;
    private bool requestMagicNumber = true;
    private bool requestPfc;
    private bool requestAcfc;

    /// <param name="mru">Our MRU (RFC 1661 §6.1).</param>
    /// <param name="minimumMru">The smallest MRU we adopt from the peer's Nak (and, if bounded, accept from its request).</param>
    /// <param name="maximumMru">The largest MRU we adopt from the peer's Nak (and, if bounded, accept from its request).</param>
    /// <param name="requestPfc">Ask for Protocol-Field-Compression (RFC 1661 §6.5).</param>
    /// <param name="requestAcfc">Ask for Address-and-Control-Field-Compression (RFC 1661 §6.6).</param>
    /// <param name="magicNumber">Our Magic-Number, chosen at random outside (RFC 1661 §6.4); not zero.</param>
    /// <param name="newMagicNumber">A fresh random Magic-Number when the peer Naks ours or a loop-back is suspected.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zero magic number.</exception>
    protected LcpOptionPolicy(
        ushort mru, ushort minimumMru, ushort maximumMru, bool requestPfc, bool requestAcfc, uint magicNumber, Func<uint> newMagicNumber)
    {
        ArgumentOutOfRangeException.ThrowIfZero(magicNumber);
        this.mru = mru;
        this.minimumMru = minimumMru;
        this.maximumMru = maximumMru;
        this.requestPfc = requestPfc;
        this.requestAcfc = requestAcfc;
        this.magicNumber = magicNumber;
        this.newMagicNumber = newMagicNumber;
    }

    /// <summary>A random Magic-Number drawn with <paramref name="random"/> (which fills a span); never zero (RFC 1661 §6.4).</summary>
    public static uint RandomMagicNumber(Action<Span<byte>> random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[4];
        uint magic;
        do
        {
            random(bytes);
            magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        while (magic == 0);
        return magic;
    }

    /// <summary>
    /// <see cref="NegotiationFailure.PeerRefusesMsChapV2"/> once the peer Naks or rejects our
    /// <see cref="RequiredAuthentication"/>; what else we cannot accept we Nak or Reject.
    /// </summary>
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

    /// <summary>
    /// The Auth-Protocol of the peer's acknowledged request, which we authenticate to it with; null when it asks
    /// for none (always, where <see cref="OfferedAuthentication"/> is null).
    /// </summary>
    public AuthenticationProtocol? Authentication { get; private set; }

    /// <summary>
    /// The Auth-Protocol option we ask the peer to authenticate with (RFC 1661 §6.2); null when we ask for none.
    /// A Nak with another protocol or a Reject of it fails the negotiation.
    /// </summary>
    protected abstract PppOption? RequiredAuthentication { get; }

    /// <summary>
    /// The Auth-Protocol option we agree to authenticate with when the peer asks; any other protocol is Nak-ed
    /// with it (RFC 1661 §5.3: the Nak names the value we would accept). Null: we authenticate to nobody and
    /// Configure-Reject the option.
    /// </summary>
    protected abstract PppOption? OfferedAuthentication { get; }

    /// <summary>
    /// True: an MRU request outside [minimum, maximum] is Nak-ed with the nearest bound. False: the peer's MRU only
    /// bounds what we send (RFC 1661 §6.1), any value is acknowledged.
    /// </summary>
    protected abstract bool BoundsPeerMru { get; }

    public IReadOnlyList<PppOption> BuildRequest()
    {
        var options = new List<PppOption>(5);
        if (requestMru)
        {
            options.Add(LcpOptions.Mru(mru));
        }

        if (RequiredAuthentication is { } required)
        {
            options.Add(required);
        }

        if (requestMagicNumber)
        {
            options.Add(LcpOptions.MagicNumber(magicNumber));
        }

        if (requestPfc)
        {
            options.Add(LcpOptions.ProtocolFieldCompression());
        }

        if (requestAcfc)
        {
            options.Add(LcpOptions.AddressControlFieldCompression());
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
        AuthenticationProtocol? auth = null;
        foreach (var option in options)
        {
            switch ((LcpOptionType)option.Type)
            {
                case LcpOptionType.MaximumReceiveUnit when LcpOptions.TryReadMru(option, out var value):
                    if (BoundsPeerMru && (value < minimumMru || value > maximumMru))
                    {
                        review.Nak(LcpOptions.Mru(Math.Clamp(value, minimumMru, maximumMru)));
                    }

                    peerMru = value;
                    break;
                case LcpOptionType.AsyncControlCharacterMap when LcpOptions.TryReadAccm(option, out _):
                    // RFC 1662 §7.1 ACCM applies to asynchronous HDLC links; GRE has none, so any value is fine.
                    break;
                case LcpOptionType.AuthenticationProtocol when OfferedAuthentication is { } offered
                                                               && LcpOptions.TryReadAuthenticationProtocol(option, out var value):
                    if (option.Equals(offered))
                    {
                        auth = value;
                    }
                    else
                    {
                        review.Nak(offered);
                    }

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
                    // Auth-Protocol where we authenticate to nobody, Quality-Protocol, Callback (Windows: CBCP),
                    // MRRU (no multilink), Endpoint-Discriminator, malformed and unknown options.
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
            Authentication = auth;
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
                    if (LcpOptions.TryReadMru(option, out var value) && value >= minimumMru && value <= maximumMru)
                    {
                        mru = value;
                    }
                    else
                    {
                        requestMru = false;
                    }

                    break;
                case LcpOptionType.AuthenticationProtocol when RequiredAuthentication is { } required:
                    // The peer suggests another protocol (PAP, CHAP-MD5, EAP…): we never agree to one.
                    if (!option.Equals(required))
                    {
                        Failure = NegotiationFailure.PeerRefusesMsChapV2;
                    }

                    break;
                case LcpOptionType.MagicNumber:
                    // RFC 1661 §6.4: on a Nak of our Magic-Number "a new Magic-Number MUST be chosen".
                    magicNumber = newMagicNumber();
                    break;
                default:
                    // Naks of PFC/ACFC are meaningless (flags have no value); options we did not ask for are hints
                    // (RFC 1661 §5.3): we do not take them up.
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
                case LcpOptionType.ProtocolFieldCompression:
                    requestPfc = false;
                    break;
                case LcpOptionType.AddressControlFieldCompression:
                    requestAcfc = false;
                    break;
                default:
                    // The engine only passes options of our request: what is left is the Magic-Number.
                    requestMagicNumber = false;
                    break;
            }
        }
    }
}
