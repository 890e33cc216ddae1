namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>A few CCP Configuration Option types (RFC 1962 §3 and the protocol RFCs it lists).</summary>
public enum CcpOptionType : byte
{
    /// <summary>Stac LZS (RFC 1974).</summary>
    StacLzs = 17,

    /// <summary>Microsoft Point-to-Point Compression/Encryption (RFC 2118, RFC 3078 §2).</summary>
    Mppe = 18,

    /// <summary>BSD-Compress (RFC 1977).</summary>
    BsdCompress = 21,

    /// <summary>Deflate (RFC 1979).</summary>
    Deflate = 26,
}
