using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;

namespace Concentrator.Protocol.Tests.Ppp.Lcp;

public class LcpPacketTests
{
    [Fact]
    public void Windows_identification_golden()
    {
        // RFC 1570 §2.1 layout; Windows RAS identifies itself as "MSRASV5.20" right after LCP opens.
        var bytes = Hex.Bytes("0C 02 00 12 5A 3C 1F 0E 4D 53 52 41 53 56 35 2E 32 30");
        Assert.True(ControlPacket.TryDecode(bytes, out var packet, out _));

        Assert.True(IdentificationPacket.TryDecode(packet, out var identification, out var error));

        Assert.Equal(ControlPacketError.None, error);
        Assert.Equal(0x5A3C1F0Eu, identification.MagicNumber);
        Assert.Equal("MSRASV5.20", System.Text.Encoding.ASCII.GetString(identification.Message.Span));
        Assert.Equal(Hex.Of(bytes), Hex.Of(identification.ToControlPacket().ToArray()));
    }

    [Fact]
    public void Time_remaining_golden()
    {
        // RFC 1570 §2.2: magic 0x01020304, 3600 seconds remaining, message "bye".
        var bytes = Hex.Bytes("0D 05 00 0F 01 02 03 04 00 00 0E 10 62 79 65");
        Assert.True(ControlPacket.TryDecode(bytes, out var packet, out _));

        Assert.True(TimeRemainingPacket.TryDecode(packet, out var remaining, out _));

        Assert.Equal(0x01020304u, remaining.MagicNumber);
        Assert.Equal(3600u, remaining.SecondsRemaining);
        Assert.Equal("627965", Hex.Of(remaining.Message.Span));
        Assert.Equal(Hex.Of(bytes), Hex.Of(remaining.ToControlPacket().ToArray()));
    }

    [Fact]
    public void Rfc1570_packets_check_code_and_length()
    {
        var shortIdentification = new ControlPacket(ControlCode.Identification, 1, new byte[3]);
        var shortRemaining = new ControlPacket(ControlCode.TimeRemaining, 1, new byte[7]);
        var other = new ControlPacket(ControlCode.EchoRequest, 1, new byte[8]);

        Assert.False(IdentificationPacket.TryDecode(shortIdentification, out _, out var e1));
        Assert.Equal(ControlPacketError.TruncatedData, e1);
        Assert.False(TimeRemainingPacket.TryDecode(shortRemaining, out _, out var e2));
        Assert.Equal(ControlPacketError.TruncatedData, e2);
        Assert.False(IdentificationPacket.TryDecode(other, out _, out var e3));
        Assert.Equal(ControlPacketError.UnexpectedCode, e3);
        Assert.False(TimeRemainingPacket.TryDecode(other, out _, out var e4));
        Assert.Equal(ControlPacketError.UnexpectedCode, e4);
    }
}
