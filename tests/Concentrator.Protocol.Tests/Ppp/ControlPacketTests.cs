using Concentrator.Protocol.Ppp;

namespace Concentrator.Protocol.Tests.Ppp;

public class ControlPacketTests
{
    [Fact]
    public void Octets_past_the_Length_field_are_padding()
    {
        // RFC 1661 §5: a Terminate-Request of length 6 followed by two octets of padding.
        Assert.True(ControlPacket.TryDecode(Hex.Bytes("05 07 00 06 AB CD EE FF"), out var packet, out var error));

        Assert.Equal(ControlPacketError.None, error);
        Assert.Equal(ControlCode.TerminateRequest, packet.Code);
        Assert.Equal(7, packet.Identifier);
        Assert.Equal("ABCD", Hex.Of(packet.Data.Span));
        Assert.Equal("05070006ABCD", Hex.Of(packet.ToArray()));
    }

    [Theory]
    [InlineData("01 01 00", ControlPacketError.TruncatedHeader)]
    [InlineData("01 01 00 03", ControlPacketError.LengthTooSmall)]
    [InlineData("01 01 00 08 01 04 05", ControlPacketError.LengthExceedsInput)]
    public void Rejects_bad_lengths(string input, ControlPacketError expected)
    {
        Assert.False(ControlPacket.TryDecode(Hex.Bytes(input), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("01", ControlPacketError.TruncatedOption)]
    [InlineData("01 04 05 78 07", ControlPacketError.TruncatedOption)]
    [InlineData("07 01", ControlPacketError.OptionLengthTooSmall)]
    [InlineData("07 00", ControlPacketError.OptionLengthTooSmall)]
    [InlineData("01 05 05 78", ControlPacketError.OptionOverrun)]
    public void Rejects_malformed_option_lists(string options, ControlPacketError expected)
    {
        Assert.False(PppOptionList.TryDecode(Hex.Bytes(options), out var decoded, out var error));
        Assert.Equal(expected, error);
        Assert.Empty(decoded);
    }

    [Fact]
    public void Unknown_options_survive_decoding_byte_for_byte()
    {
        var bytes = Hex.Bytes("01 04 05 78 FE 05 AA BB CC 07 02");

        Assert.True(PppOptionList.TryDecode(bytes, out var options, out _));

        Assert.Equal([new PppOption(1, 0x05, 0x78), new PppOption(0xFE, 0xAA, 0xBB, 0xCC), new PppOption(7)], options);
        Assert.Equal(Hex.Of(bytes), Hex.Of(PppOptionList.ToArray(options)));
    }

    [Fact]
    public void Configure_packet_decoding_needs_a_configure_code()
    {
        var terminate = new ControlPacket(ControlCode.TerminateRequest, 1, new byte[] { 1, 4, 5, 0x78 });

        Assert.False(ConfigurePacket.TryDecode(terminate, out _, out var error));
        Assert.Equal(ControlPacketError.UnexpectedCode, error);
    }

    [Fact]
    public void Configure_packet_reports_bad_options()
    {
        var request = new ControlPacket(ControlCode.ConfigureRequest, 1, new byte[] { 1, 9 });

        Assert.False(ConfigurePacket.TryDecode(request, out _, out var error));
        Assert.Equal(ControlPacketError.OptionOverrun, error);
    }

    [Fact]
    public void Echo_request_golden()
    {
        // RFC 1661 §5.8: Code 9, Identifier 3, Length 12, Magic-Number 0x12345678, Data "ping".
        var bytes = Hex.Bytes("09 03 00 0C 12 34 56 78 70 69 6E 67");
        Assert.True(ControlPacket.TryDecode(bytes, out var packet, out _));

        Assert.True(EchoPacket.TryDecode(packet, out var echo, out var error));

        Assert.Equal(ControlPacketError.None, error);
        Assert.Equal(0x12345678u, echo.MagicNumber);
        Assert.Equal("70696E67", Hex.Of(echo.Data.Span));
        Assert.Equal(packet, echo.ToControlPacket());
    }

    [Theory]
    [InlineData(ControlCode.EchoRequest, 3, ControlPacketError.TruncatedData)]
    [InlineData(ControlCode.TerminateAck, 8, ControlPacketError.UnexpectedCode)]
    public void Echo_decoding_errors(ControlCode code, int dataLength, ControlPacketError expected)
    {
        Assert.False(EchoPacket.TryDecode(new ControlPacket(code, 1, new byte[dataLength]), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Protocol_reject_golden_and_errors()
    {
        // RFC 1661 §5.7: Code 8, Rejected-Protocol 0x8057 (IPV6CP), Rejected-Information 01 01.
        Assert.True(ControlPacket.TryDecode(Hex.Bytes("08 02 00 08 80 57 01 01"), out var packet, out _));
        Assert.True(ProtocolRejectPacket.TryDecode(packet, out var reject, out _));
        Assert.Equal(PppProtocol.Ipv6cp, reject.RejectedProtocol);
        Assert.Equal("0101", Hex.Of(reject.RejectedInformation.Span));

        Assert.False(ProtocolRejectPacket.TryDecode(new ControlPacket(ControlCode.ProtocolReject, 1, new byte[1]), out _, out var shortError));
        Assert.Equal(ControlPacketError.TruncatedData, shortError);
        Assert.False(ProtocolRejectPacket.TryDecode(new ControlPacket(ControlCode.CodeReject, 1, new byte[2]), out _, out var codeError));
        Assert.Equal(ControlPacketError.UnexpectedCode, codeError);
    }

    [Fact]
    public void Rejects_are_truncated_to_the_peer_mru()
    {
        var information = new byte[100];

        var protocolReject = ProtocolRejectPacket.Create(1, PppProtocol.Ipv6, information, peerMru: 50);
        var codeReject = CodeRejectPacket.Create(2, information, peerMru: 50);

        Assert.Equal(50, protocolReject.ToControlPacket().Length);
        Assert.Equal(50, codeReject.Length);
        Assert.Equal(10, ProtocolRejectPacket.Create(1, PppProtocol.Ipv6, information.AsSpan(0, 4), 50).ToControlPacket().Length);
    }

    [Fact]
    public void Code_reject_names_the_rejected_code()
    {
        var reject = CodeRejectPacket.Create(4, Hex.Bytes("0E 05 00 04"), 1500);

        Assert.True(CodeRejectPacket.TryGetRejectedCode(reject, out var code, out _));
        Assert.Equal(ControlCode.ResetRequest, code);
        Assert.Equal("07040008" + "0E050004", Hex.Of(reject.ToArray()));
        Assert.False(CodeRejectPacket.TryGetRejectedCode(new ControlPacket(ControlCode.CodeReject, 1, ReadOnlyMemory<byte>.Empty), out _, out var empty));
        Assert.Equal(ControlPacketError.TruncatedData, empty);
        Assert.False(CodeRejectPacket.TryGetRejectedCode(new ControlPacket(ControlCode.EchoReply, 1, new byte[4]), out _, out var wrong));
        Assert.Equal(ControlPacketError.UnexpectedCode, wrong);
    }

    [Fact]
    public void Encoders_refuse_short_destinations_and_oversized_contents()
    {
        var packet = new ControlPacket(ControlCode.TerminateAck, 1, new byte[3]);
        var option = new PppOption(1, 5, 0x78);

        Assert.Throws<ArgumentException>(() => packet.WriteTo(new byte[6]));
        Assert.Throws<ArgumentException>(() => option.WriteTo(new byte[3]));
        Assert.Throws<ArgumentException>(() => new PppOption(1, new byte[254]));
        Assert.Throws<ArgumentException>(() => new ControlPacket(ControlCode.TerminateAck, 1, new byte[65532]));
    }

    [Fact]
    public void Equality_compares_contents()
    {
        var a = new PppOption(3, 0xC2, 0x23, 0x81);
        var b = new PppOption(3, new byte[] { 0xC2, 0x23, 0x81 }.AsMemory());

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));
        Assert.NotEqual(a, new PppOption(3, 0xC2, 0x23, 0x80));
        Assert.False(a.Equals(null));
        Assert.Equal("Option 3 [C22381]", a.ToString());

        var p = new ControlPacket(ControlCode.EchoReply, 2, new byte[] { 1 });
        var q = new ControlPacket(ControlCode.EchoReply, 2, new byte[] { 1 });
        Assert.Equal(p, q);
        Assert.Equal(p.GetHashCode(), q.GetHashCode());
        Assert.True(p.Equals((object)q));
        Assert.NotEqual(p, new ControlPacket(ControlCode.EchoReply, 3, new byte[] { 1 }));
        Assert.False(p.Equals(null));
        Assert.Equal("EchoReply id=2 [01]", p.ToString());
    }
}
