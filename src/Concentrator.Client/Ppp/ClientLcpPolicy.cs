using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Ppp;

/// <summary>
/// The client's LCP (RFC 1661 §6): we ask for our MRU and a Magic-Number (and PFC/ACFC if configured);
/// from the server we accept MRU, ACCM (meaningless on GRE), Magic-Number, PFC, ACFC and the
/// Auth-Protocol we authenticate with — MS-CHAPv2, any other protocol is Nak-ed with it (RFC 1661 §5.3:
/// the Nak names the value we would accept); in <see cref="ClientAuthMode.PapOnly"/> the same with PAP.
/// Everything else (Callback, Quality-Protocol, MRRU, Endpoint-Discriminator, unknown) is Configure-Rejected.
/// </summary>
public sealed class ClientLcpPolicy : INegotiationPolicy
{
    private readonly ClientLcpSettings _settings;
    private readonly Func<uint> _newMagicNumber;
    private ushort _mru;
    private bool _requestMru = true;
    private uint _magicNumber;
    private bool _requestMagicNumber = true;
    private bool _requestPfc;
    private bool _requestAcfc;

    /// <param name="magicNumber">Our Magic-Number, chosen at random outside (RFC 1661 §6.4); not zero.</param>
    /// <param name="newMagicNumber">A fresh random Magic-Number when the server Naks ours or a loop-back is suspected.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zero magic number.</exception>
    public ClientLcpPolicy(ClientLcpSettings settings, uint magicNumber, Func<uint> newMagicNumber)
    {
        ArgumentOutOfRangeException.ThrowIfZero(magicNumber);
        _settings = settings;
        _newMagicNumber = newMagicNumber;
        _magicNumber = magicNumber;
        _mru = settings.Mru;
        _requestPfc = settings.RequestProtocolCompression;
        _requestAcfc = settings.RequestAddressControlCompression;
    }

    /// <summary>The client's LCP never gives up on its own: what it cannot accept it Naks or Rejects.</summary>
    public NegotiationFailure Failure => NegotiationFailure.None;

    /// <summary>Our Magic-Number, zero when the server rejected the option (RFC 1661 §5.8).</summary>
    public uint LocalMagicNumber => _requestMagicNumber ? _magicNumber : 0;

    /// <summary>The MRU in our current request; the RFC default when the server rejected it.</summary>
    public ushort LocalMru => _requestMru ? _mru : LcpOptions.DefaultMru;

    /// <summary>The server's MRU from its acknowledged request (default 1500): the largest frame we may send.</summary>
    public ushort PeerMru { get; private set; } = LcpOptions.DefaultMru;

    /// <summary>The server's Magic-Number from its acknowledged request, zero when it sent none.</summary>
    public uint PeerMagicNumber { get; private set; }

    /// <summary>The server asked for PFC: we may send one-octet Protocol fields (RFC 1661 §6.5).</summary>
    public bool PeerAcceptsCompressedProtocol { get; private set; }

    /// <summary>The server asked for ACFC: we may leave out Address/Control on non-LCP frames (RFC 1661 §6.6).</summary>
    public bool PeerAcceptsCompressedAddressControl { get; private set; }

    /// <summary>The Auth-Protocol of the server's acknowledged request; null when it asks for none.</summary>
    public AuthenticationProtocol? Authentication { get; private set; }

    public IReadOnlyList<PppOption> BuildRequest()
    {
        var options = new List<PppOption>(4);
        if (_requestMru) options.Add(LcpOptions.Mru(_mru));
        if (_requestMagicNumber) options.Add(LcpOptions.MagicNumber(_magicNumber));
        if (_requestPfc) options.Add(LcpOptions.ProtocolFieldCompression());
        if (_requestAcfc) options.Add(LcpOptions.AddressControlFieldCompression());
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
                    // RFC 1661 §6.1: the server's MRU only bounds what we send; SendIpPacket honours it.
                    peerMru = value;
                    break;
                case LcpOptionType.AsyncControlCharacterMap when LcpOptions.TryReadAccm(option, out _):
                    // RFC 1662 §7.1 ACCM is for asynchronous HDLC links; GRE has none, any value is fine.
                    break;
                case LcpOptionType.AuthenticationProtocol when LcpOptions.TryReadAuthenticationProtocol(option, out var value):
                    if (Acceptable(value)) auth = value;
                    else review.Nak(Wanted());
                    break;
                case LcpOptionType.MagicNumber when LcpOptions.TryReadMagicNumber(option, out var value):
                    // RFC 1661 §6.4: zero is illegal; our own number suggests a looped-back link. Either way
                    // "a Configure-Nak MUST be sent specifying a different Magic-Number value".
                    if (value == 0 || (_requestMagicNumber && value == _magicNumber)) review.Nak(LcpOptions.MagicNumber(_newMagicNumber()));
                    peerMagic = value;
                    break;
                case LcpOptionType.ProtocolFieldCompression when LcpOptions.IsFlag(option, LcpOptionType.ProtocolFieldCompression):
                    pfc = true;
                    break;
                case LcpOptionType.AddressControlFieldCompression when LcpOptions.IsFlag(option, LcpOptionType.AddressControlFieldCompression):
                    acfc = true;
                    break;
                default:
                    // Callback, Quality-Protocol, MRRU (no multilink), Endpoint-Discriminator, malformed, unknown.
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
                    if (LcpOptions.TryReadMru(option, out var value) && value >= _settings.MinimumMru && value <= _settings.MaximumMru) _mru = value;
                    else _requestMru = false;
                    break;
                case LcpOptionType.MagicNumber:
                    // RFC 1661 §6.4: on a Nak of our Magic-Number "a new Magic-Number MUST be chosen".
                    _magicNumber = _newMagicNumber();
                    break;
                default:
                    // Naks of PFC/ACFC are meaningless (flags have no value); options we did not ask for are hints.
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
                    _requestMru = false;
                    break;
                case LcpOptionType.MagicNumber:
                    _requestMagicNumber = false;
                    break;
                case LcpOptionType.ProtocolFieldCompression:
                    _requestPfc = false;
                    break;
                default:
                    // The engine only passes options of our request: what is left is ACFC.
                    _requestAcfc = false;
                    break;
            }
        }
    }

    private bool Acceptable(AuthenticationProtocol value) => _settings.Authentication == ClientAuthMode.PapOnly
        ? value.Protocol == PppProtocol.Pap && value.Data.IsEmpty
        : value.IsMsChapV2;

    private PppOption Wanted() => _settings.Authentication == ClientAuthMode.PapOnly
        ? LcpOptions.AuthenticationProtocol(PppProtocol.Pap, [])
        : LcpOptions.MsChapV2;
}
