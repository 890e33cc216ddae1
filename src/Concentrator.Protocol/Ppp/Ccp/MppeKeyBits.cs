using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>The key-length bits of the MPPE option (RFC 3078 §2: 'L', 'M', 'S') and the strength they name.</summary>
public static class MppeKeyBits
{
    /// <summary>L, M and S together.</summary>
    public const MppeBits All = MppeBits.Key40 | MppeBits.Key56 | MppeBits.Key128;

    /// <summary>The strongest key-length bit of <paramref name="bits"/> (S before M before L); L when none is set.</summary>
    public static MppeBits Strongest(MppeBits bits) =>
        (bits & MppeBits.Key128) != 0 ? MppeBits.Key128
        : (bits & MppeBits.Key56) != 0 ? MppeBits.Key56
        : MppeBits.Key40;

    /// <summary>The MPPE strength named by the strongest key-length bit of <paramref name="bits"/>.</summary>
    public static MppeKeyLength KeyLength(MppeBits bits) => Strongest(bits) switch
    {
        MppeBits.Key128 => MppeKeyLength.Bits128,
        MppeBits.Key56 => MppeKeyLength.Bits56,
        _ => MppeKeyLength.Bits40,
    };
}
