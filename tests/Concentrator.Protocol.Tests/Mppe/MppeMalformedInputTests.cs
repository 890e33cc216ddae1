using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>
/// Mutation test: truncated, extended and bit-flipped variants of valid MPPE packets into the
/// decryptor. Nothing may throw; every result is a defined <see cref="MppeError"/>.
/// </summary>
public class MppeMalformedInputTests
{
    private const int Mutations = 120_000;

    [Theory]
    [InlineData(MppeKeyLength.Bits128, true)]
    [InlineData(MppeKeyLength.Bits40, false)]
    [InlineData(MppeKeyLength.Bits56, true)]
    public void Mutated_packets_give_typed_results(MppeKeyLength keyLength, bool stateless)
    {
        var random = new Random(3078 + (int)keyLength);
        var results = new Dictionary<MppeError, int>();
        MppeTestLink link = new(keyLength, stateless);
        for (int i = 0; i < Mutations / 3; i++)
        {
            if (i % 2000 == 0)
            {
                // A fresh pair now and then, so that the valid packets still decrypt after a run of
                // forged coherency counts has moved the decryptor ahead.
                link = new MppeTestLink(keyLength, stateless);
            }
            int payloadLength = random.Next(10) == 0 ? 1400 : random.Next(0, 120);
            byte[] valid = link.Send(MppeTestLink.Payload(i, payloadLength));
            byte[] mutated = Mutate(valid, random);
            Record(link, link.Decryptor.Decrypt(mutated), results);
            if (random.Next(4) == 0)
            {
                // Interleave the genuine packet too.
                Record(link, link.Decryptor.Decrypt(valid), results);
            }
        }

        // The mutations reached both the accepting and the refusing paths.
        Assert.True(results.GetValueOrDefault(MppeError.None) > 1000);
        Assert.True(results.GetValueOrDefault(MppeError.Truncated) > 100);
        Assert.True(results.GetValueOrDefault(MppeError.NotEncrypted) > 10);
        Assert.True(results.Count >= 4);
    }

    private static void Record(MppeTestLink link, MppeError error, Dictionary<MppeError, int> results)
    {
        Assert.True(Enum.IsDefined(error), $"undefined result {error}");
        results[error] = results.GetValueOrDefault(error) + 1;
        if (error is MppeError.ResetRequired or MppeError.AwaitingFlush)
        {
            link.Encryptor.OnResetRequest(); // what the receiver's CCP asks for (RFC 3078 §8.2)
        }
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        int kind = random.Next(100);
        if (kind < 30)
        {
            return valid[..random.Next(0, valid.Length + 1)];
        }
        if (kind < 50)
        {
            byte[] longer = new byte[valid.Length + random.Next(1, 64)];
            valid.CopyTo(longer, 0);
            random.NextBytes(longer.AsSpan(valid.Length));
            return longer;
        }
        byte[] flipped = (byte[])valid.Clone();
        if (kind < 99)
        {
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                int bit = random.Next(flipped.Length * 8);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }
        else
        {
            // A forged header: random flags and coherency count.
            flipped[0] = (byte)random.Next(256);
            flipped[1] = (byte)random.Next(256);
        }
        return flipped;
    }
}
