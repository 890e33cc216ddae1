using Concentrator.Protocol.Ppp;
using CsCheck;

namespace Concentrator.Protocol.Tests.Ppp;

public class RoundTripTests
{
    [Fact]
    public void Frame_header_round_trips()
    {
        Gen.Select(Generators.Protocol, Gen.Bool, Gen.Bool, Generators.Bytes(64)).Sample((protocol, addressControl, compress, payload) =>
        {
            var frame = new byte[PppFrame.MaxHeaderLength + payload.Length];
            var header = PppFrame.WriteHeader(frame, protocol, addressControl, compress);
            payload.CopyTo(frame, header);

            Assert.True(PppFrame.TryDecode(frame.AsSpan(0, header + payload.Length), out var decoded, out var information, out _));
            Assert.Equal(protocol, decoded);
            Assert.Equal(payload, information.ToArray());
        });
    }

    [Fact]
    public void Control_packet_round_trips()
    {
        Gen.Select(Gen.Byte, Gen.Byte, Generators.Bytes(300)).Sample((code, identifier, data) =>
        {
            var packet = new ControlPacket((ControlCode)code, identifier, data);

            Assert.True(ControlPacket.TryDecode(packet.ToArray(), out var decoded, out _));
            Assert.Equal(packet, decoded);
        });
    }

    [Fact]
    public void Configure_packet_round_trips()
    {
        Gen.Select(Gen.Byte[1, 4], Gen.Byte, Generators.Options).Sample((code, identifier, options) =>
        {
            var packet = new ConfigurePacket((ControlCode)code, identifier, options);

            Assert.True(ControlPacket.TryDecode(packet.ToControlPacket().ToArray(), out var control, out _));
            Assert.True(ConfigurePacket.TryDecode(control, out var decoded, out _));
            Assert.Equal(packet.Code, decoded.Code);
            Assert.Equal(identifier, decoded.Identifier);
            Assert.Equal(options, decoded.Options);
        });
    }

    [Fact]
    public void Echo_packets_round_trip()
    {
        Gen.Select(Gen.Byte[9, 11], Gen.Byte, Gen.UInt, Generators.Bytes(100)).Sample((code, identifier, magic, data) =>
        {
            var echo = new EchoPacket((ControlCode)code, identifier, magic, data);

            Assert.True(ControlPacket.TryDecode(echo.ToControlPacket().ToArray(), out var control, out _));
            Assert.True(EchoPacket.TryDecode(control, out var decoded, out _));
            Assert.Equal((echo.Code, identifier, magic), (decoded.Code, decoded.Identifier, decoded.MagicNumber));
            Assert.Equal(data, decoded.Data.ToArray());
        });
    }

    [Fact]
    public void Protocol_reject_round_trips()
    {
        Gen.Select(Gen.Byte, Gen.UShort, Generators.Bytes(100)).Sample((identifier, protocol, information) =>
        {
            var reject = ProtocolRejectPacket.Create(identifier, protocol, information, 1500);

            Assert.True(ControlPacket.TryDecode(reject.ToControlPacket().ToArray(), out var control, out _));
            Assert.True(ProtocolRejectPacket.TryDecode(control, out var decoded, out _));
            Assert.Equal((identifier, protocol), (decoded.Identifier, decoded.RejectedProtocol));
            Assert.Equal(information, decoded.RejectedInformation.ToArray());
        });
    }

    [Fact]
    public void Code_reject_round_trips()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[1, 100]).Sample((identifier, rejected) =>
        {
            var reject = CodeRejectPacket.Create(identifier, rejected, 1500);

            Assert.True(ControlPacket.TryDecode(reject.ToArray(), out var control, out _));
            Assert.True(CodeRejectPacket.TryGetRejectedCode(control, out var code, out _));
            Assert.Equal((ControlCode)rejected[0], code);
            Assert.Equal(rejected, control.Data.ToArray());
        });
    }
}
