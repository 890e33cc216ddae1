using System.Buffers.Binary;
using CsCheck;
using Concentrator.Protocol.Ip;

namespace Concentrator.Protocol.Tests.Ip;

public class Ipv4HeaderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    [Fact]
    public void Decode_GreCarrierFromMsPtptExample()
    {
        // The IPv4 header of the GRE packet in [MS-PTPT] §4: total length 48, id 0x25C1, TTL 126,
        // protocol 47, 1.1.1.1 -> 2.2.2.2; followed by 28 bytes of GRE header and payload.
        byte[] packet = [.. Hex("4500 0030 25c1 0000 7e2f 56d1 0101 0101 0202 0202"), .. new byte[28]];
        Assert.True(Ipv4Header.TryDecode(packet, out Ipv4Header ip, out Ipv4Error error));
        Assert.Equal(Ipv4Error.None, error);
        Assert.Equal(20, ip.HeaderLength);
        Assert.Equal(48, ip.TotalLength);
        Assert.Equal(126, ip.TimeToLive);
        Assert.Equal(IpProtocol.Gre, ip.Protocol);
        Assert.Equal(0x01010101u, ip.Source);
        Assert.Equal(0x02020202u, ip.Destination);
        Assert.False(ip.IsFragment);
    }

    [Fact]
    public void Decode_SkipsOptions()
    {
        // IHL 6: one 4-byte option (Router Alert, RFC 2113).
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Udp, new byte[8], options: Hex("94040000"));
        Assert.True(Ipv4Header.TryDecode(packet, out Ipv4Header ip, out _));
        Assert.Equal(24, ip.HeaderLength);
        Assert.Equal(32, ip.TotalLength);
    }

    [Theory]
    [InlineData(0x0000, false, 0, false)]
    [InlineData(0x4000, false, 0, false)] // DF only
    [InlineData(0x2000, true, 0, true)] // MF, first fragment
    [InlineData(0x00B9, false, 185, true)] // last fragment
    [InlineData(0x3FFF, true, 0x1FFF, true)]
    public void FragmentFields(ushort field, bool moreFragments, int offset, bool isFragment)
    {
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Udp, new byte[8], flagsAndFragmentOffset: field);
        Assert.True(Ipv4Header.TryDecode(packet, out Ipv4Header ip, out _));
        Assert.Equal(moreFragments, ip.MoreFragments);
        Assert.Equal(offset, ip.FragmentOffset);
        Assert.Equal(isFragment, ip.IsFragment);
    }

    [Fact]
    public void ShorterThanTwentyBytes_IsTruncated()
    {
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Udp, []);
        for (int length = 0; length < 20; length++)
        {
            Assert.False(Ipv4Header.TryDecode(packet.AsSpan(0, length), out _, out Ipv4Error error));
            Assert.Equal(Ipv4Error.Truncated, error);
        }
    }

    [Theory]
    [InlineData(0x65)]
    [InlineData(0x05)]
    [InlineData(0xF5)]
    public void VersionOtherThanFour_IsRejected(byte firstByte)
    {
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Udp, new byte[8]);
        packet[0] = firstByte;
        Assert.False(Ipv4Header.TryDecode(packet, out _, out Ipv4Error error));
        Assert.Equal(Ipv4Error.BadVersion, error);
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x44)]
    [InlineData(0x4F)] // 60-byte header in a 28-byte packet
    public void BadIhl_IsRejected(byte firstByte)
    {
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Udp, new byte[8]);
        packet[0] = firstByte;
        Assert.False(Ipv4Header.TryDecode(packet, out _, out Ipv4Error error));
        Assert.Equal(Ipv4Error.BadHeaderLength, error);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(29)]
    [InlineData(0)]
    [InlineData(0xFFFF)]
    public void TotalLengthNotMatchingTheBytes_IsRejected(ushort totalLength)
    {
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Udp, new byte[8]);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), totalLength);
        Assert.False(Ipv4Header.TryDecode(packet, out _, out Ipv4Error error));
        Assert.Equal(Ipv4Error.TotalLengthMismatch, error);
    }

    [Fact]
    public void RoundTrip_GeneratedHeaders()
    {
        Gen.Select(Gen.Byte, Gen.UInt, Gen.UInt, Gen.UShort, Gen.Byte, Gen.Int[0, 10], Gen.Int[0, 100])
            .Sample((protocol, source, destination, fragment, ttl, optionWords, payloadLength) =>
            {
                byte[] packet = PacketBuilder.Ipv4(protocol, new byte[payloadLength], source, destination, new byte[optionWords * 4], fragment, ttl);
                Assert.True(Ipv4Header.TryDecode(packet, out Ipv4Header ip, out Ipv4Error error));
                Assert.Equal(Ipv4Error.None, error);
                Assert.Equal(20 + (optionWords * 4), ip.HeaderLength);
                Assert.Equal(packet.Length, ip.TotalLength);
                Assert.Equal((protocol, source, destination, ttl), (ip.Protocol, ip.Source, ip.Destination, ip.TimeToLive));
                Assert.Equal((fragment & 0x2000) != 0, ip.MoreFragments);
                Assert.Equal(fragment & 0x1FFF, ip.FragmentOffset);
            });
    }
}
