using CsCheck;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Tests.Ip;

namespace Concentrator.Protocol.Tests.Gre;

public class GrePropertyTests
{
    [Fact]
    public void WriteThenDecode_RoundTripsEveryField()
    {
        Gen.Select(Gen.UShort, Gen.Bool, Gen.UInt, Gen.Bool, Gen.UInt, Gen.Byte.Array[0, 100], Gen.Int[0, 5], Gen.UInt)
            .Sample((callId, hasSequence, sequence, hasAck, ack, payload, trailing, source) =>
            {
                int headerLength = GreHeader.SizeOf(hasSequence, hasAck);
                var gre = new byte[headerLength + payload.Length + trailing];
                Assert.Equal(headerLength, GreHeader.Write(gre, callId, (ushort)payload.Length, hasSequence, sequence, hasAck, ack));
                payload.CopyTo(gre, headerLength);

                Assert.True(GreHeader.TryDecode(gre, out GrePacket packet, out GreError error));
                Assert.Equal(GreError.None, error);
                AssertFields(packet, callId, hasSequence, sequence, hasAck, ack, payload);

                byte[] ipPacket = PacketBuilder.Ipv4(PacketBuilder.Gre, gre, source);
                Assert.True(GreHeader.TryDecodeIpv4(ipPacket, out Ipv4Header ip, out GrePacket inIp, out error));
                Assert.Equal(GreError.None, error);
                Assert.Equal(source, ip.Source);
                AssertFields(inIp, callId, hasSequence, sequence, hasAck, ack, payload);
            }, iter: 1000);
    }

    private static void AssertFields(GrePacket packet, ushort callId, bool hasSequence, uint sequence, bool hasAck, uint ack, byte[] payload)
    {
        Assert.Equal(callId, packet.CallId);
        Assert.Equal(hasSequence, packet.HasSequence);
        Assert.Equal(hasSequence ? sequence : 0, packet.Sequence);
        Assert.Equal(hasAck, packet.HasAck);
        Assert.Equal(hasAck ? ack : 0, packet.Ack);
        Assert.Equal(GreHeader.SizeOf(hasSequence, hasAck), packet.HeaderLength);
        Assert.Equal(payload.Length, packet.PayloadLength);
        Assert.Equal(payload, packet.Payload.ToArray());
    }
}
