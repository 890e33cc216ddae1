using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using CsCheck;

namespace Concentrator.Protocol.Tests.Ppp.Lcp;

/// <summary>Each LCP option view and RFC 1570 packet: write, decode from the wire, read back the same values.</summary>
public class LcpRoundTripTests
{
    [Fact]
    public void Word_options_round_trip() =>
        Gen.UShort.Sample(value =>
        {
            Assert.True(LcpOptions.TryReadMru(ViaWire(LcpOptions.Mru(value)), out var mru));
            Assert.True(LcpOptions.TryReadMrru(ViaWire(LcpOptions.Mrru(value)), out var mrru));
            Assert.Equal((value, value), (mru, mrru));
        });

    [Fact]
    public void Double_word_options_round_trip() =>
        Gen.UInt.Sample(value =>
        {
            Assert.True(LcpOptions.TryReadAccm(ViaWire(LcpOptions.Accm(value)), out var accm));
            Assert.True(LcpOptions.TryReadMagicNumber(ViaWire(LcpOptions.MagicNumber(value)), out var magic));
            Assert.Equal((value, value), (accm, magic));
        });

    [Fact]
    public void Protocol_options_round_trip() =>
        Gen.Select(Gen.UShort, Generators.Bytes(20)).Sample((protocol, data) =>
        {
            Assert.True(LcpOptions.TryReadAuthenticationProtocol(ViaWire(LcpOptions.AuthenticationProtocol(protocol, data)), out var auth));
            Assert.True(LcpOptions.TryReadQualityProtocol(ViaWire(LcpOptions.QualityProtocol(protocol, data)), out var quality));
            Assert.Equal((protocol, protocol), (auth.Protocol, quality.Protocol));
            Assert.Equal(data, auth.Data.ToArray());
            Assert.Equal(data, quality.Data.ToArray());
        });

    [Fact]
    public void Flag_options_round_trip()
    {
        Assert.True(LcpOptions.IsFlag(ViaWire(LcpOptions.ProtocolFieldCompression()), LcpOptionType.ProtocolFieldCompression));
        Assert.True(LcpOptions.IsFlag(ViaWire(LcpOptions.AddressControlFieldCompression()), LcpOptionType.AddressControlFieldCompression));
    }

    [Fact]
    public void Prefixed_options_round_trip() =>
        Gen.Select(Gen.Byte, Generators.Bytes(30)).Sample((prefix, data) =>
        {
            Assert.True(LcpOptions.TryReadCallback(ViaWire(LcpOptions.Callback((CallbackOperation)prefix, data)), out var callback));
            Assert.True(LcpOptions.TryReadEndpointDiscriminator(ViaWire(LcpOptions.EndpointDiscriminator(prefix, data)), out var endpoint));
            Assert.Equal(((CallbackOperation)prefix, prefix), (callback.Operation, endpoint.Class));
            Assert.Equal(data, callback.Message.ToArray());
            Assert.Equal(data, endpoint.Address.ToArray());
        });

    [Fact]
    public void Identification_round_trips() =>
        Gen.Select(Gen.Byte, Gen.UInt, Generators.Bytes(60)).Sample((identifier, magic, message) =>
        {
            var packet = new IdentificationPacket(identifier, magic, message);

            Assert.True(ControlPacket.TryDecode(packet.ToControlPacket().ToArray(), out var control, out _));
            Assert.True(IdentificationPacket.TryDecode(control, out var decoded, out _));
            Assert.Equal((identifier, magic), (decoded.Identifier, decoded.MagicNumber));
            Assert.Equal(message, decoded.Message.ToArray());
        });

    [Fact]
    public void Time_remaining_round_trips() =>
        Gen.Select(Gen.Byte, Gen.UInt, Gen.UInt, Generators.Bytes(60)).Sample((identifier, magic, seconds, message) =>
        {
            var packet = new TimeRemainingPacket(identifier, magic, seconds, message);

            Assert.True(ControlPacket.TryDecode(packet.ToControlPacket().ToArray(), out var control, out _));
            Assert.True(TimeRemainingPacket.TryDecode(control, out var decoded, out _));
            Assert.Equal((identifier, magic, seconds), (decoded.Identifier, decoded.MagicNumber, decoded.SecondsRemaining));
            Assert.Equal(message, decoded.Message.ToArray());
        });

    /// <summary>Encodes the option in a Configure-Request, decodes that packet, returns its only option.</summary>
    internal static PppOption ViaWire(PppOption option)
    {
        var bytes = new ConfigurePacket(ControlCode.ConfigureRequest, 1, [option]).ToControlPacket().ToArray();
        Assert.True(ControlPacket.TryDecode(bytes, out var control, out _));
        Assert.True(ConfigurePacket.TryDecode(control, out var configure, out _));
        return Assert.Single(configure.Options);
    }
}
