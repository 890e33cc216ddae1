using System.Buffers.Binary;

namespace Concentrator.Protocol.Mppe;

/// <summary>
/// The 2-octet MPPE header that follows PPP protocol 0x00FD (RFC 3078 §3.1): flag bits A, B, C, D
/// in the high nibble, then the 12-bit coherency count.
/// <code>
///  0                   1
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |A|B|C|D|    Coherency Count    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct MppeHeader(bool Flushed, bool BitB, bool BitC, bool Encrypted, int CoherencyCount)
{
    /// <summary>PPP protocol number of every MPPE datagram (RFC 3078 §3).</summary>
    public const ushort PppProtocol = 0x00FD;

    /// <summary>Octets of the header (flag bits + coherency count).</summary>
    public const int Length = 2;

    /// <summary>Bit A, FLUSHED: the sender initialised its RC4 tables before this packet (RFC 3078 §3.1).</summary>
    public const byte FlushedBit = 0x80;

    /// <summary>Bit B: no significance in MPPE (RFC 3078 §3.1; used by MPPC).</summary>
    public const byte BitBMask = 0x40;

    /// <summary>Bit C: no significance in MPPE (RFC 3078 §3.1; used by MPPC).</summary>
    public const byte BitCMask = 0x20;

    /// <summary>Bit D: the packet is encrypted (RFC 3078 §3.1).</summary>
    public const byte EncryptedBit = 0x10;

    /// <summary>The coherency count runs 0..4095 and wraps to 0 (RFC 3078 §3.1).</summary>
    public const int CoherencyCountModulus = 4096;

    /// <summary>Reads the header from the first two octets. Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out MppeHeader header, out MppeError error)
    {
        if (input.Length < Length)
        {
            header = default;
            error = MppeError.Truncated;
            return false;
        }
        ushort word = BinaryPrimitives.ReadUInt16BigEndian(input);
        byte flags = (byte)(word >> 8);
        header = new MppeHeader(
            (flags & FlushedBit) != 0,
            (flags & BitBMask) != 0,
            (flags & BitCMask) != 0,
            (flags & EncryptedBit) != 0,
            word & (CoherencyCountModulus - 1));
        error = MppeError.None;
        return true;
    }

    /// <summary>Writes the two header octets; returns 2, or 0 when the destination is too short.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return 0;
        }
        int flags = (Flushed ? FlushedBit : 0) | (BitB ? BitBMask : 0) | (BitC ? BitCMask : 0) | (Encrypted ? EncryptedBit : 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)((flags << 8) | (CoherencyCount & (CoherencyCountModulus - 1))));
        return Length;
    }
}
