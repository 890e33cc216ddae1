using CsCheck;
using Concentrator.Protocol.Pptp;
using Concentrator.Protocol.Tests.Ip;

namespace Concentrator.Protocol.Tests.Pptp;

/// <summary>
/// Malformed input: 120,000 mutated variants of valid messages and message streams go through the
/// framer and the codec. Nothing may throw; every outcome is a success or a defined error.
/// </summary>
public class PptpMutationTests
{
    private const int Inputs = 120_000;

    [Fact]
    public void MutatedMessagesAndStreams_NeverThrow_AndGiveDefinedErrors()
    {
        var pcg = new PCG(1, 2637);
        byte[][] valid = Enumerable.Range(0, 200).Select(_ => PptpBytes.Encode(PptpGen.Any.Generate(pcg, null, out Size _))).ToArray();
        var rng = new Random(2637);
        var seen = new HashSet<PptpError>();
        int decoded = 0;

        for (int n = 0; n < Inputs; n++)
        {
            // Half single messages, half streams of two or three messages.
            byte[] input = n % 2 == 0
                ? valid[rng.Next(valid.Length)]
                : [.. Enumerable.Range(0, rng.Next(2, 4)).SelectMany(_ => valid[rng.Next(valid.Length)])];
            byte[] mutated = Mutator.Mutate(rng, input);
            try
            {
                decoded += Decode(mutated, seen);
                decoded += Frame(mutated, seen);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Input {Convert.ToHexString(mutated)} threw {e}");
            }
        }

        // Every rejection path was exercised, and mutations that kept a message valid decoded.
        Assert.Equal(Enum.GetValues<PptpError>().Where(e => e != PptpError.None), seen.Order());
        Assert.InRange(decoded, Inputs / 10, 2 * Inputs);
    }

    private static int Decode(ReadOnlySpan<byte> input, HashSet<PptpError> seen)
    {
        bool ok = PptpCodec.TryDecode(input, out PptpMessage? message, out PptpError error);
        Assert.True(Enum.IsDefined(error));
        if (ok)
        {
            Assert.Equal(PptpError.None, error);
            Assert.NotNull(message);
            Assert.Equal(input.Length, message.Length);
            return 1;
        }

        Assert.NotEqual(PptpError.None, error);
        Assert.Null(message);
        seen.Add(error);
        return 0;
    }

    private static int Frame(ReadOnlySpan<byte> stream, HashSet<PptpError> seen)
    {
        int decoded = 0;
        while (true)
        {
            PptpFrameStatus status = PptpFramer.TryFrame(stream, out int length, out PptpError error);
            Assert.True(Enum.IsDefined(status));
            Assert.True(Enum.IsDefined(error));
            switch (status)
            {
                case PptpFrameStatus.Complete:
                    Assert.InRange(length, PptpHeader.Size, Math.Min(stream.Length, PptpFramer.MaxMessageLength));
                    decoded += Decode(stream[..length], seen);
                    stream = stream[length..];
                    break;
                case PptpFrameStatus.Error:
                    Assert.Contains(error, new[] { PptpError.BadLength, PptpError.BadMessageType, PptpError.BadMagicCookie });
                    seen.Add(error);
                    return decoded;
                default:
                    Assert.Equal(PptpError.None, error);
                    return decoded;
            }
        }
    }
}
