using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Tests.Ip;

namespace Concentrator.Protocol.Tests.Gre;

/// <summary>
/// Malformed input: 120,000 mutated variants of valid IPv4 + GRE packets go through
/// <see cref="GreHeader.TryDecodeIpv4"/>. Nothing may throw; every outcome is a success whose payload
/// lies inside the packet, or a defined error.
/// </summary>
public class GreMutationTests
{
    private const int Inputs = 120_000;

    [Fact]
    public void MutatedIpv4GrePackets_NeverThrow_AndGiveDefinedErrors()
    {
        var rng = new Random(47);
        byte[][] valid = [.. Enumerable.Range(0, 200).Select(_ => ValidPacket(rng))];
        var seen = new HashSet<GreError>();

        for (int n = 0; n < Inputs; n++)
        {
            byte[] mutated = Mutator.Mutate(rng, valid[rng.Next(valid.Length)]);
            try
            {
                seen.Add(Check(mutated));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Input {Convert.ToHexString(mutated)} threw {e}");
            }
        }

        Assert.Equal(Enum.GetValues<GreError>(), seen.Order());
    }

    private static GreError Check(byte[] input)
    {
        bool ok = GreHeader.TryDecodeIpv4(input, out Ipv4Header ip, out GrePacket packet, out GreError error);
        Assert.True(Enum.IsDefined(error));
        Assert.Equal(ok, error == GreError.None);
        if (ok)
        {
            Assert.Contains(packet.HeaderLength, new[] { 8, 12, 16 });
            Assert.Equal(packet.PayloadLength, packet.Payload.Length);
            Assert.InRange(ip.HeaderLength + packet.HeaderLength + packet.PayloadLength, 0, input.Length);
        }

        return error;
    }

    private static byte[] ValidPacket(Random rng)
    {
        bool hasSequence = rng.Next(4) != 0;
        bool hasAck = rng.Next(2) == 0;
        int payloadLength = hasSequence ? rng.Next(0, 60) : 0;
        int headerLength = GreHeader.SizeOf(hasSequence, hasAck);
        var gre = new byte[headerLength + payloadLength];
        GreHeader.Write(gre, (ushort)rng.Next(65536), (ushort)payloadLength, hasSequence, (uint)rng.Next(), hasAck, (uint)rng.Next());
        rng.NextBytes(gre.AsSpan(headerLength));
        byte[] options = rng.Next(5) == 0 ? new byte[4 * rng.Next(1, 4)] : [];
        return PacketBuilder.Ipv4(PacketBuilder.Gre, gre, (uint)rng.Next(), (uint)rng.Next(), options);
    }
}
