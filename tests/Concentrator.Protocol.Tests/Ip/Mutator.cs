using System.Buffers.Binary;

namespace Concentrator.Protocol.Tests.Ip;

/// <summary>
/// Derives malformed inputs from valid packets for the decoder mutation tests: truncated, extended,
/// bit-flipped, byte- and word-overwritten variants, and combinations. Deterministic for a given
/// <see cref="Random"/> seed.
/// </summary>
internal static class Mutator
{
    private static readonly ushort[] InterestingWords = [0, 1, 2, 4, 8, 11, 12, 16, 19, 20, 0x7F, 0x80, 0xFF, 0x100, 0x1FF, 0x200, 0x201, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];

    public static byte[] Mutate(Random rng, byte[] valid)
    {
        byte[] result = rng.Next(7) switch
        {
            0 => valid[..rng.Next(valid.Length)],
            1 => Extend(rng, valid),
            2 => FlipBits(rng, (byte[])valid.Clone(), rng.Next(1, 5)),
            3 => OverwriteByte(rng, (byte[])valid.Clone()),
            4 => OverwriteWord(rng, (byte[])valid.Clone()),
            5 => FlipBits(rng, Extend(rng, valid), rng.Next(1, 3)),
            _ => FlipBits(rng, valid[..rng.Next(valid.Length)], 1),
        };
        return result;
    }

    private static byte[] Extend(Random rng, byte[] valid)
    {
        var extended = new byte[valid.Length + rng.Next(1, 33)];
        valid.CopyTo(extended, 0);
        rng.NextBytes(extended.AsSpan(valid.Length));
        return extended;
    }

    private static byte[] FlipBits(Random rng, byte[] bytes, int count)
    {
        for (int i = 0; i < count && bytes.Length > 0; i++)
        {
            bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
        }

        return bytes;
    }

    private static byte[] OverwriteByte(Random rng, byte[] bytes)
    {
        if (bytes.Length > 0)
        {
            bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
        }

        return bytes;
    }

    private static byte[] OverwriteWord(Random rng, byte[] bytes)
    {
        if (bytes.Length >= 2)
        {
            ushort word = InterestingWords[rng.Next(InterestingWords.Length)];
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(rng.Next(bytes.Length - 1)), word);
        }

        return bytes;
    }
}
