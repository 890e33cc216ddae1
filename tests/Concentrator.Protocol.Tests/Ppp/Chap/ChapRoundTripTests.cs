using System.Text;
using Concentrator.Protocol.Ppp.Chap;
using CsCheck;

namespace Concentrator.Protocol.Tests.Ppp.Chap;

public class ChapRoundTripTests
{
    [Fact]
    public void Challenge_round_trips() =>
        Gen.Select(Gen.Byte, Gen.Byte.Array[16], Generators.Bytes(40)).Sample((identifier, challenge, name) =>
        {
            var decoded = Assert.IsType<MsChapV2ChallengePacket>(RoundTrip(new MsChapV2ChallengePacket(identifier, challenge, name)));
            Assert.Equal(identifier, decoded.Identifier);
            Assert.Equal(challenge, decoded.Challenge.ToArray());
            Assert.Equal(name, decoded.Name.ToArray());
        });

    [Fact]
    public void Response_round_trips() =>
        Gen.Select(Gen.Byte, Gen.Byte.Array[16], Gen.Byte.Array[24], Gen.Byte, Generators.Bytes(40)).Sample((identifier, peer, nt, flags, name) =>
        {
            var decoded = Assert.IsType<MsChapV2ResponsePacket>(RoundTrip(new MsChapV2ResponsePacket(identifier, peer, nt, flags, name)));
            Assert.Equal((identifier, flags), (decoded.Identifier, decoded.Flags));
            Assert.Equal(peer, decoded.PeerChallenge.ToArray());
            Assert.Equal(nt, decoded.NtResponse.ToArray());
            Assert.Equal(name, decoded.Name.ToArray());
        });

    [Fact]
    public void Success_and_failure_packets_round_trip() =>
        Gen.Select(Gen.Byte, Generators.Bytes(100)).Sample((identifier, message) =>
        {
            var success = Assert.IsType<ChapSuccessPacket>(RoundTrip(new ChapSuccessPacket(identifier, message)));
            var failure = Assert.IsType<ChapFailurePacket>(RoundTrip(new ChapFailurePacket(identifier, message)));
            Assert.Equal((identifier, identifier), (success.Identifier, failure.Identifier));
            Assert.Equal(message, success.Message.ToArray());
            Assert.Equal(message, failure.Message.ToArray());
        });

    [Fact]
    public void Success_message_round_trips() =>
        Gen.Select(Gen.Byte.Array[20], Generators.Text).Sample((response, text) =>
        {
            var message = new MsChapV2SuccessMessage(response, text);

            Assert.True(MsChapV2SuccessMessage.TryParse(message.ToBytes(), out var parsed, out _));
            Assert.Equal(response, parsed.AuthenticatorResponse.ToArray());
            Assert.Equal(text, parsed.Message);
        });

    [Fact]
    public void Failure_message_round_trips() =>
        Gen.Select(Gen.Int[0, 99999], Gen.Bool, Gen.Byte.Array[16], Gen.Int[0, 999], Generators.Text).Sample((code, retry, challenge, version, text) =>
        {
            var message = new MsChapV2FailureMessage((MsChapV2ErrorCode)code, retry, challenge, version, text);

            Assert.True(MsChapV2FailureMessage.TryParse(Encoding.UTF8.GetString(message.ToBytes()), out var parsed, out _));
            Assert.Equal((message.Error, retry, version, text), (parsed.Error, parsed.RetryAllowed, parsed.Version, parsed.Message));
            Assert.Equal(challenge, parsed.Challenge.ToArray());
        });

    private static ChapPacket RoundTrip(ChapPacket packet)
    {
        Assert.True(ChapPacket.TryDecode(packet.ToArray(), out var decoded, out var error), error.ToString());
        Assert.Equal(packet.Code, decoded.Code);
        return decoded;
    }
}
