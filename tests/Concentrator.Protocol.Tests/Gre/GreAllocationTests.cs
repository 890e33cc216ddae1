using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Tests.Ip;

namespace Concentrator.Protocol.Tests.Gre;

/// <summary>The GRE data path (IPv4 view, header decode, header encode) allocates nothing per packet.</summary>
public class GreAllocationTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void DecodeAndEncode_AllocateNothing()
    {
        byte[] gre = new byte[16 + 64];
        GreHeader.Write(gre, 0x1234, 64, true, 1, true, 2);
        byte[] ipPacket = PacketBuilder.Ipv4(PacketBuilder.Gre, gre);
        byte[] output = new byte[16];

        ulong checksum = Run(ipPacket, output, 1_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Run(ipPacket, output, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal((1_000UL + Iterations) * (0x1234 + 64 + 1 + 2 + 16 + 0x0A000001), checksum);
    }

    private static ulong Run(byte[] ipPacket, byte[] output, int iterations)
    {
        ulong checksum = 0;
        for (int i = 0; i < iterations; i++)
        {
            if (GreHeader.TryDecodeIpv4(ipPacket, out Ipv4Header ip, out GrePacket packet, out _))
            {
                checksum += (ulong)packet.CallId + packet.PayloadLength + packet.Sequence + packet.Ack + ip.Source;
                checksum += (ulong)GreHeader.Write(output, packet.CallId, packet.PayloadLength, packet.HasSequence, packet.Sequence, packet.HasAck, packet.Ack);
            }
        }

        return checksum;
    }
}
