using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Protocol.Tests.Ppp.Chap;

/// <summary>CHAP packets (RFC 1994 §4) carrying the values of the RFC 2759 §9.2 worked example.</summary>
public class ChapPacketTests
{
    // RFC 2759 §9.2: AuthenticatorChallenge, PeerChallenge, NT-Response; user name "User".
    internal const string AuthenticatorChallenge = "5B5D7C7D7B3F2F3E3C2C602132262628";
    internal const string PeerChallenge = "21402324255E262A28295F2B3A337C7E";
    internal const string NtResponse = "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF";

    // Challenge id 7 from authenticator "vpn": Value-Size 16.
    private const string ChallengeBytes = "01 07 00 18 10 " + AuthenticatorChallenge + " 76 70 6E";

    // Response id 7 from "User": Value-Size 49 = Peer-Challenge, 8 zero octets, NT-Response, Flags 0.
    private const string ResponseBytes = "02 07 00 3A 31 " + PeerChallenge + " 00 00 00 00 00 00 00 00 " + NtResponse + " 00 55 73 65 72";

    [Fact]
    public void Challenge_golden()
    {
        Assert.True(ChapPacket.TryDecode(Hex.Bytes(ChallengeBytes), out var packet, out var error));

        Assert.Equal(ChapError.None, error);
        var challenge = Assert.IsType<MsChapV2ChallengePacket>(packet);
        Assert.Equal(ChapCode.Challenge, challenge.Code);
        Assert.Equal(7, challenge.Identifier);
        Assert.Equal(AuthenticatorChallenge, Hex.Of(challenge.Challenge.Span));
        Assert.Equal("76706E", Hex.Of(challenge.Name.Span));
        Assert.Equal(Hex.Of(Hex.Bytes(ChallengeBytes)), Hex.Of(challenge.ToArray()));
    }

    [Fact]
    public void Response_golden()
    {
        Assert.True(ChapPacket.TryDecode(Hex.Bytes(ResponseBytes), out var packet, out _));

        var response = Assert.IsType<MsChapV2ResponsePacket>(packet);
        Assert.Equal(ChapCode.Response, response.Code);
        Assert.Equal(PeerChallenge, Hex.Of(response.PeerChallenge.Span));
        Assert.Equal(NtResponse, Hex.Of(response.NtResponse.Span));
        Assert.Equal(0, response.Flags);
        Assert.Equal("User", System.Text.Encoding.ASCII.GetString(response.Name.Span));
        Assert.Equal(Hex.Of(Hex.Bytes(ResponseBytes)), Hex.Of(response.ToArray()));
    }

    [Fact]
    public void Success_and_failure_carry_their_message()
    {
        var success = new ChapSuccessPacket(7, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=ok"u8.ToArray());
        var failure = new ChapFailurePacket(8, "E=691 R=0 V=3 M=no"u8.ToArray());

        Assert.True(ChapPacket.TryDecode(success.ToArray(), out var decodedSuccess, out _));
        Assert.True(ChapPacket.TryDecode(failure.ToArray(), out var decodedFailure, out _));

        Assert.Equal("03070033", Hex.Of(success.ToArray().AsSpan(0, 4)));
        Assert.Equal(ChapCode.Success, decodedSuccess.Code);
        Assert.Equal(success.Message.ToArray(), Assert.IsType<ChapSuccessPacket>(decodedSuccess).Message.ToArray());
        Assert.Equal(ChapCode.Failure, decodedFailure.Code);
        Assert.Equal(failure.Message.ToArray(), Assert.IsType<ChapFailurePacket>(decodedFailure).Message.ToArray());
    }

    [Fact]
    public void Padding_after_the_length_is_ignored()
    {
        Assert.True(ChapPacket.TryDecode(Hex.Bytes("03 01 00 06 4F 4B 00 00 00"), out var packet, out _));

        Assert.Equal("4F4B", Hex.Of(Assert.IsType<ChapSuccessPacket>(packet).Message.Span));
    }

    [Theory]
    [InlineData("01 01 00", ChapError.TruncatedHeader)]
    [InlineData("03 01 00 03", ChapError.LengthTooSmall)]
    [InlineData("03 01 00 09 41", ChapError.LengthExceedsInput)]
    [InlineData("05 01 00 04", ChapError.UnknownCode)]
    [InlineData("01 01 00 04", ChapError.MissingValueSize)]
    [InlineData("01 01 00 07 10 01 02", ChapError.ValueOverrun)]
    [InlineData("01 01 00 07 02 01 02", ChapError.WrongValueSize)]
    [InlineData("02 01 00 07 02 01 02", ChapError.WrongValueSize)]
    public void Malformed_packets_give_errors(string input, ChapError expected)
    {
        Assert.False(ChapPacket.TryDecode(Hex.Bytes(input), out var packet, out var error));
        Assert.Equal(expected, error);
        Assert.Null(packet);
    }

    [Fact]
    public void Reserved_octets_must_be_zero()
    {
        var bytes = Hex.Bytes(ResponseBytes);
        bytes[4 + 1 + 16 + 3] = 1;

        Assert.False(ChapPacket.TryDecode(bytes, out _, out var error));
        Assert.Equal(ChapError.ReservedNotZero, error);
    }

    [Fact]
    public void Value_lengths_are_enforced_on_construction()
    {
        Assert.Throws<ArgumentException>(() => new MsChapV2ChallengePacket(1, new byte[15], ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentException>(() => new MsChapV2ResponsePacket(1, new byte[15], new byte[24], 0, ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentException>(() => new MsChapV2ResponsePacket(1, new byte[16], new byte[23], 0, ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Encoding_refuses_short_buffers_and_overlong_packets()
    {
        var success = new ChapSuccessPacket(1, new byte[10]);
        var huge = new ChapFailurePacket(1, new byte[ushort.MaxValue]);

        Assert.Throws<ArgumentException>(() => success.WriteTo(new byte[13]));
        Assert.Throws<InvalidOperationException>(() => huge.ToArray());
    }
}
