namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>
/// The server's LCP: we ask for our MRU, Auth-Protocol CHAP with MS-CHAPv2 only, and a Magic-Number; from the
/// peer we accept MRU within bounds, ACCM (meaningless on GRE), Magic-Number, PFC and ACFC, and Configure-Reject
/// everything else (Auth-Protocol, Quality-Protocol, Callback, MRRU, Endpoint-Discriminator, unknown types).
/// </summary>
public sealed class LcpPolicy : LcpOptionPolicy
{
    /// <param name="magicNumber">Our Magic-Number, chosen at random outside (RFC 1661 §6.4); not zero.</param>
    /// <param name="newMagicNumber">Supplies a fresh random Magic-Number when a loop-back is suspected.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zero magic number.</exception>
    public LcpPolicy(LcpSettings settings, uint magicNumber, Func<uint> newMagicNumber)
        : base(settings.Mru, settings.MinimumMru, settings.MaximumMru, requestPfc: false, requestAcfc: false, magicNumber, newMagicNumber)
    {
    }

    /// <summary>The peer authenticates to us with MS-CHAPv2 (RFC 2759 §2); PAP, CHAP-MD5, EAP… we never agree to.</summary>
    protected override PppOption? RequiredAuthentication => LcpOptions.MsChapV2;

    /// <summary>A peer asking us to authenticate to it is Configure-Rejected.</summary>
    protected override PppOption? OfferedAuthentication => null;

    protected override bool BoundsPeerMru => true;
}
