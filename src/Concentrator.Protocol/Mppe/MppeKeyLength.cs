namespace Concentrator.Protocol.Mppe;

/// <summary>
/// The MPPE encryption options of RFC 3078 §2 ('L', 'M' and 'S' bits): the effective strength of
/// the RC4 session key. The values are the bit counts.
/// </summary>
public enum MppeKeyLength
{
    /// <summary>40-bit: an 8-octet key whose first three octets are 0xD1 0x26 0x9E ('L' bit).</summary>
    Bits40 = 40,

    /// <summary>56-bit: an 8-octet key whose first octet is 0xD1 ('M' bit).</summary>
    Bits56 = 56,

    /// <summary>128-bit: a 16-octet key ('S' bit).</summary>
    Bits128 = 128,
}
