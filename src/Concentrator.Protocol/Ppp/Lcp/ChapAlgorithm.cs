namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>The Algorithm octet of Auth-Protocol CHAP (RFC 1994 §3, RFC 2433, RFC 2759 §2).</summary>
public enum ChapAlgorithm : byte
{
    Md5 = 0x05,
    MsChapV1 = 0x80,
    MsChapV2 = 0x81,
}
