namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>
/// The Supported Bits of the MPPE option (RFC 3078 §2), as the 32-bit big-endian value with bit 0 least
/// significant: H is bit 24 (0x01000000), M bit 7, S bit 6, L bit 5, D bit 4, C bit 0.
/// </summary>
[Flags]
public enum MppeBits : uint
{
    None = 0,

    /// <summary>C: MPPC compression (RFC 2118), not encryption.</summary>
    Compression = 0x0000_0001,

    /// <summary>D: obsolete.</summary>
    Obsolete = 0x0000_0010,

    /// <summary>L: 40-bit session keys.</summary>
    Key40 = 0x0000_0020,

    /// <summary>S: 128-bit session keys.</summary>
    Key128 = 0x0000_0040,

    /// <summary>M: 56-bit session keys.</summary>
    Key56 = 0x0000_0080,

    /// <summary>H: stateless mode, the key changes with every packet.</summary>
    Stateless = 0x0100_0000,
}
