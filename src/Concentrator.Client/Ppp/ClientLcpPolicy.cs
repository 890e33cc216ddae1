using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;

namespace Concentrator.Client.Ppp;

/// <summary>
/// The client's LCP (RFC 1661 §6): we ask for our MRU and a Magic-Number (and PFC/ACFC if configured);
/// from the server we accept MRU, ACCM (meaningless on GRE), Magic-Number, PFC, ACFC and the
/// Auth-Protocol we authenticate with — MS-CHAPv2, any other protocol is Nak-ed with it (RFC 1661 §5.3:
/// the Nak names the value we would accept); in <see cref="ClientAuthMode.PapOnly"/> the same with PAP.
/// Everything else (Callback, Quality-Protocol, MRRU, Endpoint-Discriminator, unknown) is Configure-Rejected.
/// The client's LCP never gives up on its own: what it cannot accept it Naks or Rejects.
/// </summary>
public sealed class ClientLcpPolicy : LcpOptionPolicy
{
    private static readonly PppOption Pap = LcpOptions.AuthenticationProtocol(PppProtocol.Pap, []);

    /// <param name="magicNumber">Our Magic-Number, chosen at random outside (RFC 1661 §6.4); not zero.</param>
    /// <param name="newMagicNumber">A fresh random Magic-Number when the server Naks ours or a loop-back is suspected.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zero magic number.</exception>
    public ClientLcpPolicy(ClientLcpSettings settings, uint magicNumber, Func<uint> newMagicNumber)
        : base(settings.Mru, settings.MinimumMru, settings.MaximumMru, settings.RequestProtocolCompression,
            settings.RequestAddressControlCompression, magicNumber, newMagicNumber)
    {
        OfferedAuthentication = settings.Authentication == ClientAuthMode.PapOnly ? Pap : LcpOptions.MsChapV2;
    }

    /// <summary>We do not ask the server to authenticate itself with an Auth-Protocol.</summary>
    protected override PppOption? RequiredAuthentication => null;

    protected override PppOption? OfferedAuthentication { get; }

    /// <summary>RFC 1661 §6.1: the server's MRU only bounds what we send; SendIpPacket honours it.</summary>
    protected override bool BoundsPeerMru => false;
}
