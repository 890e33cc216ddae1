using CsCheck;
using Concentrator.Protocol.Ip;
using static Concentrator.Protocol.Tests.Ip.PacketBuilder;

namespace Concentrator.Protocol.Tests.Ip;

/// <summary>
/// MSS clamping on real SYN segments built by <see cref="PacketBuilder"/>, whose checksums are
/// computed from scratch: a clamped packet must equal the packet built directly with the lower MSS.
/// </summary>
public class Ipv4MssTests
{
    private const ushort Limit = 1360;

    private static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    private static string Mss(ushort value) => value.ToString("x4");

    [Theory]
    [InlineData("02040{0}", "MSS first (value at even offset)")]
    [InlineData("01 02040{0} 00 0000", "NOP then MSS (value at odd offset)")]
    [InlineData("02040{0} 0402 080a 0001e240 00000000 01 030307", "Linux SYN: MSS, SACK-permitted, timestamps, NOP, window scale")]
    [InlineData("01 01 0402 01 030308 02040{0}", "Windows-like: MSS last")]
    [InlineData("01 0a04 0000 02040{0} 000000", "unknown option before MSS, odd offset")]
    public void Syn_WithMssAboveLimit_IsClamped(string optionsFormat, string description)
    {
        // The format inserts the low three hex digits of the MSS after "02040" (kind 2, length 4, value 0x0nnn).
        byte[] Options(ushort mss) => Hex(string.Format(optionsFormat, Mss(mss)[1..]));

        byte[] packet = TcpSegment(Syn, Options(1460), payload: Hex("00"));
        byte[] expected = TcpSegment(Syn, Options(Limit), payload: Hex("00"));
        Assert.True(TcpChecksumValid(packet), description);

        Assert.Equal(MssClampResult.Clamped, Ipv4Mss.Clamp(packet, Limit));

        Assert.Equal(Limit, PacketBuilder.Mss(packet));
        Assert.True(TcpChecksumValid(packet));
        Assert.Equal(expected, packet);
    }

    [Fact]
    public void SynAck_IsClampedToo()
    {
        byte[] packet = TcpSegment(Syn | Ack, Hex("020405b4"));
        Assert.Equal(MssClampResult.Clamped, Ipv4Mss.Clamp(packet, 1400));
        Assert.Equal(TcpSegment(Syn | Ack, Hex("02040578")), packet);
    }

    [Theory]
    [InlineData(1300)]
    [InlineData(Limit)]
    public void Syn_WithMssAtOrBelowLimit_IsUntouched(ushort mss)
    {
        byte[] packet = TcpSegment(Syn, Hex("0204" + Mss(mss)));
        AssertUntouched(packet, MssClampResult.WithinLimit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01010402")]
    [InlineData("00 020405b4 000000")] // End of Option List before the MSS option
    public void Syn_WithoutMssOption_IsUntouched(string options) =>
        AssertUntouched(TcpSegment(Syn, Hex(options)), MssClampResult.NoMssOption);

    [Fact]
    public void NonSyn_IsUntouched() =>
        AssertUntouched(TcpSegment(Ack, Hex("020405b4"), payload: new byte[10]), MssClampResult.NotSyn);

    [Fact]
    public void Udp_IsUntouched() =>
        AssertUntouched(Ipv4(Udp, Hex("c000 0035 000c 0000 02 04 05 b4")), MssClampResult.NotTcp);

    [Theory]
    [InlineData(0x2000)] // first fragment (MF)
    [InlineData(0x0010)] // later fragment
    public void Fragment_IsUntouched(ushort fragmentField) =>
        AssertUntouched(TcpSegment(Syn, Hex("020405b4"), flagsAndFragmentOffset: fragmentField), MssClampResult.Fragment);

    [Theory]
    [InlineData("0200 0000")] // option length 0
    [InlineData("0201 0000")] // option length 1
    [InlineData("080a 0000")] // timestamps option running past the header
    [InlineData("0203 0500")] // MSS with length 3
    [InlineData("0205 05b4 0000 0000")] // MSS with length 5
    [InlineData("0101 0108")] // option kind with its length byte missing
    public void MalformedOptions_LeaveThePacketUntouched(string options) =>
        AssertUntouched(TcpSegment(Syn, Hex(options)), MssClampResult.Malformed);

    [Theory]
    [InlineData(0x40)] // data offset 4
    [InlineData(0xF0)] // data offset 15: 60 bytes, beyond the segment
    public void BadDataOffset_IsMalformed(byte dataOffsetByte)
    {
        byte[] packet = TcpSegment(Syn, Hex("020405b4"));
        packet[20 + 12] = dataOffsetByte;
        AssertUntouched(packet, MssClampResult.Malformed);
    }

    [Fact]
    public void TcpHeaderShorterThanTwentyBytes_IsMalformed() =>
        AssertUntouched(Ipv4(Tcp, new byte[19]), MssClampResult.Malformed);

    [Fact]
    public void InvalidIpv4_IsMalformed()
    {
        byte[] packet = TcpSegment(Syn, Hex("020405b4"));
        AssertUntouched(packet[..^1], MssClampResult.Malformed);
    }

    [Fact]
    public void GeneratedSyns_AreClampedWithAValidChecksum()
    {
        Gen.Select(Gen.UShort, Gen.UShort, Gen.Int[0, 3], Gen.Byte.Array[0, 21], Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort)
            .Sample((mss, limit, nops, payload, source, destination, port, sequence) =>
            {
                // 0-3 NOPs before the MSS option move its value to every alignment; padding completes a word.
                byte[] options = [.. Enumerable.Repeat((byte)1, nops), 2, 4, (byte)(mss >> 8), (byte)mss, .. new byte[(4 - nops) % 4]];
                byte[] packet = TcpSegment(Syn, options, payload, source, destination, sourcePort: port, sequence: sequence);

                MssClampResult result = Ipv4Mss.Clamp(packet, limit);

                Assert.Equal(mss > limit ? MssClampResult.Clamped : MssClampResult.WithinLimit, result);
                Assert.Equal(Math.Min(mss, limit), PacketBuilder.Mss(packet));
                Assert.True(TcpChecksumValid(packet));
            }, iter: 1000);
    }

    private static void AssertUntouched(byte[] packet, MssClampResult expected)
    {
        byte[] before = (byte[])packet.Clone();
        Assert.Equal(expected, Ipv4Mss.Clamp(packet, Limit));
        Assert.Equal(before, packet);
    }
}
