using CsCheck;
using Concentrator.Protocol.Ip;

namespace Concentrator.Protocol.Tests.Ip;

/// <summary>
/// Malformed input for the IPv4 view and the MSS clamp: 120,000 mutated variants of valid SYN
/// segments (and of UDP packets and fragments). Nothing may throw; results are defined values; a
/// packet that is not clamped is not modified; clamping keeps a valid TCP checksum valid and touches
/// at most the MSS value and the checksum.
/// </summary>
public class Ipv4MutationTests
{
    private const int Inputs = 120_000;

    [Fact]
    public void MutatedPackets_NeverThrow_AndGiveDefinedResults()
    {
        var rng = new Random(1624);
        byte[][] valid = [.. Enumerable.Range(0, 200).Select(i => ValidPacket(rng, i))];
        var results = new HashSet<MssClampResult>();
        var errors = new HashSet<Ipv4Error>();

        for (int n = 0; n < Inputs; n++)
        {
            byte[] mutated = Mutator.Mutate(rng, valid[rng.Next(valid.Length)]);
            try
            {
                Check(mutated, results, errors);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Input {Convert.ToHexString(mutated)} threw {e}");
            }
        }

        Assert.Equal(Enum.GetValues<MssClampResult>(), results.Order());
        Assert.Equal(Enum.GetValues<Ipv4Error>(), errors.Order());
    }

    private static void Check(byte[] packet, HashSet<MssClampResult> results, HashSet<Ipv4Error> errors)
    {
        bool ok = Ipv4Header.TryDecode(packet, out Ipv4Header ip, out Ipv4Error error);
        Assert.True(Enum.IsDefined(error));
        Assert.Equal(ok, error == Ipv4Error.None);
        errors.Add(error);
        if (ok)
        {
            Assert.InRange(ip.HeaderLength, Ipv4Header.MinimumSize, ip.TotalLength);
        }

        bool tcpChecksumComputable = ok && ip.Protocol == PacketBuilder.Tcp && ip.TotalLength - ip.HeaderLength >= 20;
        bool validBefore = tcpChecksumComputable && PacketBuilder.TcpChecksumValid(packet);
        byte[] before = (byte[])packet.Clone();

        MssClampResult result = Ipv4Mss.Clamp(packet, 1360);

        Assert.True(Enum.IsDefined(result));
        results.Add(result);
        if (result != MssClampResult.Clamped)
        {
            Assert.Equal(before, packet);
            return;
        }

        Assert.Equal(validBefore, PacketBuilder.TcpChecksumValid(packet));
        Assert.InRange(before.Zip(packet).Count(p => p.First != p.Second), 1, 4);
    }

    private static byte[] ValidPacket(Random rng, int index)
    {
        byte[] payload = new byte[rng.Next(0, 30)];
        rng.NextBytes(payload);
        int nops = rng.Next(0, 4);
        byte[] options = [.. Enumerable.Repeat((byte)1, nops), 2, 4, 0x05, 0xB4, .. new byte[(4 - nops) % 4], 4, 2, 1, 1];
        return (index % 10) switch
        {
            0 => PacketBuilder.Ipv4(PacketBuilder.Udp, payload),
            1 => PacketBuilder.TcpSegment(PacketBuilder.Syn, options, payload, flagsAndFragmentOffset: 0x2000),
            2 => PacketBuilder.TcpSegment(PacketBuilder.Ack, options, payload),
            3 => PacketBuilder.TcpSegment(PacketBuilder.Syn, [], payload),
            _ => PacketBuilder.TcpSegment(PacketBuilder.Syn, options, payload, (uint)rng.Next(), (uint)rng.Next()),
        };
    }
}
