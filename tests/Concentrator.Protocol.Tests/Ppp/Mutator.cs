namespace Concentrator.Protocol.Tests.Ppp;

/// <summary>
/// Deterministic malformed-input generator: truncated, extended, bit-flipped and byte-overwritten variants of
/// valid packets (and combinations of those).
/// </summary>
internal static class Mutator
{
    public static IEnumerable<byte[]> Variants(IReadOnlyList<byte[]> seeds, int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var variant = seeds[random.Next(seeds.Count)];
            var rounds = 1 + random.Next(3);
            for (var round = 0; round < rounds; round++)
            {
                variant = Mutate(variant, random);
            }

            yield return variant;
        }
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return source[..random.Next(source.Length + 1)];
            case 1:
                var extra = new byte[1 + random.Next(16)];
                random.NextBytes(extra);
                return [.. source, .. extra];
            case 2:
                var flipped = (byte[])source.Clone();
                for (var bits = 1 + random.Next(4); bits > 0 && flipped.Length > 0; bits--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            default:
                var overwritten = (byte[])source.Clone();
                if (overwritten.Length > 0)
                {
                    // Often a length or size field: the first few octets of every format here.
                    overwritten[random.Next(Math.Min(overwritten.Length, 6))] = (byte)random.Next(256);
                }

                return overwritten;
        }
    }
}
