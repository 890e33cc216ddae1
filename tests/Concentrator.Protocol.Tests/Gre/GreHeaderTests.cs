using System.Buffers.Binary;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Tests.Ip;

namespace Concentrator.Protocol.Tests.Gre;

/// <summary>
/// Golden vectors assembled from the enhanced GRE header layout of RFC 2637 §4.1: first word
/// C R K S s Recur A Flags Ver (K=0x2000, S=0x1000, A=0x0080, Ver=1), Protocol Type 0x880B,
/// Payload Length, peer's Call ID, then the optional Sequence and Acknowledgment Numbers.
/// </summary>
public class GreHeaderTests
{
    // LCP Echo-Request in PPP framing: FF 03 C0 21, code 9, id 1, length 8, magic 0x12345678.
    private const string LcpEcho = "ff03c021 09 01 0008 12345678";

    private static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c) && c != '|')));

    [Fact]
    public void DataPacketWithSequenceAndAck_FromMsPtptExample()
    {
        // The GRE packet of [MS-PTPT] §4 as the raw socket delivers it: IPv4 1.1.1.1 -> 2.2.2.2,
        // flags 0x3081 (K, S, A, version 1), payload length 12, call ID 0xFAEA, sequence 15, ack 15.
        byte[] gre = Hex("3081 880b | 000c faea | 0000000f | 0000000f |" + LcpEcho);
        byte[] packet = [.. Hex("4500 0030 25c1 0000 7e2f 56d1 0101 0101 0202 0202"), .. gre];

        Assert.True(GreHeader.TryDecodeIpv4(packet, out Ipv4Header ip, out GrePacket decoded, out GreError error));
        Assert.Equal(GreError.None, error);
        Assert.Equal(0x01010101u, ip.Source);
        Assert.Equal(0xFAEA, decoded.CallId);
        Assert.Equal(12, decoded.PayloadLength);
        Assert.True(decoded.HasSequence);
        Assert.Equal(15u, decoded.Sequence);
        Assert.True(decoded.HasAck);
        Assert.Equal(15u, decoded.Ack);
        Assert.Equal(16, decoded.HeaderLength);
        Assert.Equal(Hex(LcpEcho), decoded.Payload.ToArray());

        AssertWrites(gre[..16], 0xFAEA, 12, true, 15, true, 15);
    }

    [Fact]
    public void DataPacketWithSequenceOnly()
    {
        byte[] gre = Hex("3001 880b | 000c 0102 | 00000001 |" + LcpEcho);
        Assert.True(GreHeader.TryDecode(gre, out GrePacket decoded, out GreError error));
        Assert.Equal(GreError.None, error);
        Assert.Equal((0x0102, 12, true, 1u, false, 0u, 12), (decoded.CallId, decoded.PayloadLength, decoded.HasSequence, decoded.Sequence, decoded.HasAck, decoded.Ack, decoded.HeaderLength));
        Assert.Equal(Hex(LcpEcho), decoded.Payload.ToArray());
        AssertWrites(gre[..12], 0x0102, 12, true, 1, false, 0);
    }

    [Fact]
    public void AckOnlyPacket()
    {
        byte[] gre = Hex("2081 880b | 0000 0102 | fffffffe");
        Assert.True(GreHeader.TryDecode(gre, out GrePacket decoded, out _));
        Assert.Equal((0x0102, 0, false, 0u, true, 0xFFFFFFFEu, 12), (decoded.CallId, decoded.PayloadLength, decoded.HasSequence, decoded.Sequence, decoded.HasAck, decoded.Ack, decoded.HeaderLength));
        Assert.True(decoded.Payload.IsEmpty);
        AssertWrites(gre, 0x0102, 0, false, 0, true, 0xFFFFFFFE);
    }

    [Fact]
    public void PacketWithoutSequenceOrAck()
    {
        byte[] gre = Hex("2001 880b | 0000 8000");
        Assert.True(GreHeader.TryDecode(gre, out GrePacket decoded, out _));
        Assert.Equal((0x8000, false, false, 8), (decoded.CallId, decoded.HasSequence, decoded.HasAck, decoded.HeaderLength));
        AssertWrites(gre, 0x8000, 0, false, 0, false, 0);
    }

    [Fact]
    public void BytesBeyondPayloadLength_AreIgnored()
    {
        byte[] gre = Hex("3001 880b | 0002 0102 | 00000001 | aabb ccdd");
        Assert.True(GreHeader.TryDecode(gre, out GrePacket decoded, out _));
        Assert.Equal(Hex("aabb"), decoded.Payload.ToArray());
    }

    [Fact]
    public void ReservedFlagBits_AreIgnored()
    {
        byte[] gre = Hex("20f9 880b | 0000 0102 | 00000009"); // A plus Flags bits 9-12 set
        Assert.True(GreHeader.TryDecode(gre, out GrePacket decoded, out _));
        Assert.True(decoded.HasAck);
        Assert.Equal(9u, decoded.Ack);
    }

    [Theory]
    [InlineData("", GreError.Truncated)]
    [InlineData("3081 88", GreError.Truncated)]
    [InlineData("3081 880b 000c", GreError.Truncated)]
    [InlineData("3081 880b 0000 0102 0000000f", GreError.Truncated)] // A set but no ack number
    [InlineData("3080 880b 0000 0102 00000001 00000002", GreError.BadVersion)] // version 0: plain GRE
    [InlineData("3082 880b 0000 0102 00000001 00000002", GreError.BadVersion)]
    [InlineData("3081 0800 0000 0102 00000001 00000002", GreError.BadProtocolType)]
    [InlineData("1081 880b 0000 0102 00000001 00000002", GreError.KeyNotPresent)]
    [InlineData("b081 880b 0000 0102 00000001 00000002", GreError.UnsupportedFlags)] // C
    [InlineData("7081 880b 0000 0102 00000001 00000002", GreError.UnsupportedFlags)] // R
    [InlineData("3881 880b 0000 0102 00000001 00000002", GreError.UnsupportedFlags)] // s
    [InlineData("3181 880b 0000 0102 00000001 00000002", GreError.UnsupportedFlags)] // Recur = 1
    [InlineData("3701 880b 0000 0102 00000001", GreError.UnsupportedFlags)] // Recur = 7
    [InlineData("3001 880b 0005 0102 00000001 aabbccdd", GreError.PayloadLengthExceedsPacket)]
    [InlineData("2001 880b ffff 0102", GreError.PayloadLengthExceedsPacket)]
    public void InvalidGre_IsRejected(string hex, GreError expected)
    {
        Assert.False(GreHeader.TryDecode(Hex(hex), out GrePacket packet, out GreError error));
        Assert.Equal(expected, error);
        Assert.Equal(0, packet.HeaderLength);
        Assert.True(packet.Payload.IsEmpty);
    }

    public static readonly TheoryData<int, GreError> Ipv4Errors = new()
    {
        { 0, GreError.Ipv4Truncated },
        { 1, GreError.Ipv4BadVersion },
        { 2, GreError.Ipv4BadHeaderLength },
        { 3, GreError.Ipv4TotalLengthMismatch },
        { 4, GreError.Ipv4Fragment },
        { 5, GreError.Ipv4Fragment },
        { 6, GreError.NotGre },
        { 7, GreError.Truncated },
    };

    [Theory]
    [MemberData(nameof(Ipv4Errors))]
    public void InvalidIpv4Carrier_IsRejected(int variant, GreError expected)
    {
        byte[] gre = Hex("3001 880b 0004 0102 00000001 aabbccdd");
        byte[] packet = variant switch
        {
            0 => PacketBuilder.Ipv4(PacketBuilder.Gre, gre)[..19],
            1 => Patch(PacketBuilder.Ipv4(PacketBuilder.Gre, gre), 0, 0x65),
            2 => Patch(PacketBuilder.Ipv4(PacketBuilder.Gre, gre), 0, 0x44),
            3 => PacketBuilder.Ipv4(PacketBuilder.Gre, gre)[..^1],
            4 => PacketBuilder.Ipv4(PacketBuilder.Gre, gre, flagsAndFragmentOffset: 0x2000),
            5 => PacketBuilder.Ipv4(PacketBuilder.Gre, gre, flagsAndFragmentOffset: 0x00B9),
            6 => PacketBuilder.Ipv4(PacketBuilder.Udp, gre),
            _ => PacketBuilder.Ipv4(PacketBuilder.Gre, gre.AsSpan(0, 10)),
        };
        Assert.False(GreHeader.TryDecodeIpv4(packet, out _, out _, out GreError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Ipv4WithOptions_GreStartsAfterThem()
    {
        byte[] gre = Hex("3081 880b 0004 0102 00000001 00000002 aabbccdd");
        byte[] packet = PacketBuilder.Ipv4(PacketBuilder.Gre, gre, options: Hex("94040000 01010100"));
        Assert.True(GreHeader.TryDecodeIpv4(packet, out Ipv4Header ip, out GrePacket decoded, out _));
        Assert.Equal(28, ip.HeaderLength);
        Assert.Equal((1u, 2u), (decoded.Sequence, decoded.Ack));
        Assert.Equal(Hex("aabbccdd"), decoded.Payload.ToArray());
    }

    [Theory]
    [InlineData(false, false, 8)]
    [InlineData(true, false, 12)]
    [InlineData(false, true, 12)]
    [InlineData(true, true, 16)]
    public void SizeOf(bool hasSequence, bool hasAck, int size)
    {
        Assert.Equal(size, GreHeader.SizeOf(hasSequence, hasAck));
        Assert.Throws<ArgumentException>(() => GreHeader.Write(new byte[size - 1], 1, 0, hasSequence, 0, hasAck, 0));
    }

    [Fact]
    public void Write_OmittedFieldsLeaveTheRestOfTheBufferAlone()
    {
        byte[] buffer = Enumerable.Repeat((byte)0xEE, 20).ToArray();
        Assert.Equal(12, GreHeader.Write(buffer, 0x0102, 4, true, 7, false, 99));
        Assert.Equal(Hex("3001 880b 0004 0102 00000007 eeeeeeee eeeeeeee"), buffer);
    }

    private static void AssertWrites(byte[] expected, ushort callId, ushort payloadLength, bool hasSequence, uint sequence, bool hasAck, uint ack)
    {
        var buffer = new byte[GreHeader.MaximumSize];
        int written = GreHeader.Write(buffer, callId, payloadLength, hasSequence, sequence, hasAck, ack);
        Assert.Equal(expected, buffer[..written]);
    }

    private static byte[] Patch(byte[] packet, int offset, byte value)
    {
        packet[offset] = value;
        return packet;
    }

    [Fact]
    public void FirstWordOfWrittenHeaders_HasOnlyTheAllowedBits()
    {
        // RFC 2637 §4.1: C, R, s, Recur, Flags zero; K one; version 1; S and A as requested.
        var buffer = new byte[16];
        GreHeader.Write(buffer, 1, 0, true, 0, true, 0);
        Assert.Equal(0x3081, BinaryPrimitives.ReadUInt16BigEndian(buffer));
        GreHeader.Write(buffer, 1, 0, false, 0, false, 0);
        Assert.Equal(0x2001, BinaryPrimitives.ReadUInt16BigEndian(buffer));
    }
}
