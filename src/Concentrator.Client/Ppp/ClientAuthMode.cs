namespace Concentrator.Client.Ppp;

/// <summary>Which authentication protocol the client agrees to in LCP (RFC 1661 §6.2).</summary>
public enum ClientAuthMode
{
    /// <summary>CHAP with MS-CHAPv2 (RFC 2759 §2); any other Auth-Protocol is Nak-ed with it.</summary>
    MsChapV2 = 0,

    /// <summary>
    /// Fault injection: agree to PAP only, Nak-ing every other Auth-Protocol with PAP (C023), like an old
    /// client without MS-CHAPv2. A server that requires MS-CHAPv2 must refuse the link.
    /// </summary>
    PapOnly,
}
