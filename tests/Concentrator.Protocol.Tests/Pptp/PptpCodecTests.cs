using System.Buffers.Binary;
using Concentrator.Protocol.Pptp;
using static Concentrator.Protocol.Tests.Pptp.PptpBytes;

namespace Concentrator.Protocol.Tests.Pptp;

public class PptpCodecTests
{
    private static byte[] EchoRequestBytes() => Encode(new EchoRequest(0xCAFEF00D));

    [Theory]
    [InlineData(ControlMessageType.StartControlConnectionRequest, 156)]
    [InlineData(ControlMessageType.StartControlConnectionReply, 156)]
    [InlineData(ControlMessageType.StopControlConnectionRequest, 16)]
    [InlineData(ControlMessageType.StopControlConnectionReply, 16)]
    [InlineData(ControlMessageType.EchoRequest, 16)]
    [InlineData(ControlMessageType.EchoReply, 20)]
    [InlineData(ControlMessageType.OutgoingCallRequest, 168)]
    [InlineData(ControlMessageType.OutgoingCallReply, 32)]
    [InlineData(ControlMessageType.IncomingCallRequest, 220)]
    [InlineData(ControlMessageType.IncomingCallReply, 24)]
    [InlineData(ControlMessageType.IncomingCallConnected, 28)]
    [InlineData(ControlMessageType.CallClearRequest, 16)]
    [InlineData(ControlMessageType.CallDisconnectNotify, 148)]
    [InlineData(ControlMessageType.WanErrorNotify, 40)]
    [InlineData(ControlMessageType.SetLinkInfo, 24)]
    [InlineData((ControlMessageType)0, 0)]
    [InlineData((ControlMessageType)16, 0)]
    public void LengthOf_IsTheRfcSize(ControlMessageType type, int length) =>
        Assert.Equal(length, PptpHeader.LengthOf(type));

    [Fact]
    public void ReservedFields_NonZero_AreAccepted()
    {
        // Reserved0 in the header, Reserved1 and Reserved2 in the body: RFC 2637 says "MUST be 0"; we are
        // liberal on receipt.
        byte[] bytes = Encode(new StopControlConnectionRequest(StopControlConnectionReason.None));
        bytes[10] = 0xAB;
        bytes[11] = 0xCD;
        bytes[13] = 0xFF;
        bytes[14] = 0x12;
        bytes[15] = 0x34;
        Assert.True(PptpCodec.TryDecode(bytes, out PptpMessage? message, out PptpError error));
        Assert.Equal(PptpError.None, error);
        Assert.Equal(new StopControlConnectionRequest(StopControlConnectionReason.None), message);
    }

    [Fact]
    public void UndefinedResultCodes_AreKeptAsReceived()
    {
        var reply = new StartControlConnectionReply(0x0100, (StartControlConnectionResult)9, (PptpErrorCode)200, (FramingCapabilities)0xFF, (BearerCapabilities)0x80000000, 1, 2, "h", "v");
        Assert.True(PptpCodec.TryDecode(Encode(reply), out PptpMessage? decoded, out _));
        Assert.Equal(reply, decoded);
    }

    [Fact]
    public void BadMagicCookie_IsRejected()
    {
        byte[] bytes = EchoRequestBytes();
        bytes[7] ^= 0x01;
        Assert.False(PptpCodec.TryDecode(bytes, out PptpMessage? message, out PptpError error));
        Assert.Null(message);
        Assert.Equal(PptpError.BadMagicCookie, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(0x0100)]
    public void MessageTypeOtherThanControl_IsRejected(ushort messageType)
    {
        byte[] bytes = EchoRequestBytes();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), messageType);
        Assert.False(PptpCodec.TryDecode(bytes, out _, out PptpError error));
        Assert.Equal(PptpError.BadMessageType, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(0xFFFF)]
    public void UnknownControlMessageType_IsRejected(ushort controlType)
    {
        byte[] bytes = EchoRequestBytes();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), controlType);
        Assert.False(PptpCodec.TryDecode(bytes, out _, out PptpError error));
        Assert.Equal(PptpError.UnknownControlMessageType, error);
    }

    [Fact]
    public void LengthFieldNotMatchingType_IsRejected()
    {
        // An Echo-Request whose Length claims 20 bytes (and really has 20): still not an Echo-Request.
        byte[] bytes = new byte[20];
        EchoRequestBytes().CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes, 20);
        Assert.False(PptpCodec.TryDecode(bytes, out _, out PptpError error));
        Assert.Equal(PptpError.WrongLengthForType, error);
    }

    [Fact]
    public void TruncatedMessage_IsRejected()
    {
        byte[] bytes = EchoRequestBytes();
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.False(PptpCodec.TryDecode(bytes.AsSpan(0, length), out _, out PptpError error));
            Assert.Equal(PptpError.Truncated, error);
        }
    }

    [Fact]
    public void TrailingBytes_AreRejected()
    {
        byte[] bytes = [.. EchoRequestBytes(), 0x00];
        Assert.False(PptpCodec.TryDecode(bytes, out _, out PptpError error));
        Assert.Equal(PptpError.TrailingBytes, error);
    }

    [Fact]
    public void WriteTo_TooSmallDestination_Throws()
    {
        var message = new EchoReply(1, EchoResult.Ok, PptpErrorCode.None);
        Assert.Throws<ArgumentException>(() => message.WriteTo(new byte[19]));
    }

    [Fact]
    public void WriteTo_LargerDestination_WritesOnlyTheMessage()
    {
        var buffer = new byte[40];
        buffer.AsSpan().Fill(0xEE);
        Assert.Equal(16, new CallClearRequest(0x0102).WriteTo(buffer));
        Assert.Equal(Hex("0010 0001 1a2b3c4d 000c 0000 0102 0000"), buffer[..16]);
        Assert.All(buffer[16..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void WriteTo_ClearsReservedFieldsAndPaddingOfADirtyBuffer()
    {
        var buffer = new byte[156];
        buffer.AsSpan().Fill(0xEE);
        new StartControlConnectionRequest(0x0100, FramingCapabilities.None, BearerCapabilities.None, 0, 0, "a", "b").WriteTo(buffer);
        Assert.Equal(0, buffer[10] | buffer[11] | buffer[14] | buffer[15]);
        Assert.Equal((byte)'a', buffer[28]);
        Assert.All(buffer[29..92], b => Assert.Equal(0, b));
        Assert.Equal((byte)'b', buffer[92]);
        Assert.All(buffer[93..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void TextField_LongerThanField_IsTruncatedToFieldSize()
    {
        string host = new('h', 70);
        byte[] bytes = Encode(new StartControlConnectionRequest(0x0100, FramingCapabilities.None, BearerCapabilities.None, 0, 0, host, ""));
        Assert.All(bytes[28..92], b => Assert.Equal((byte)'h', b));
        Assert.All(bytes[92..], b => Assert.Equal(0, b));
        Assert.True(PptpCodec.TryDecode(bytes, out PptpMessage? decoded, out _));
        Assert.Equal(new string('h', 64), ((StartControlConnectionRequest)decoded).HostName);
    }

    [Fact]
    public void TextField_DecodeStopsAtFirstNul()
    {
        byte[] bytes = Encode(new CallDisconnectNotify(1, CallDisconnectResult.LostCarrier, PptpErrorCode.None, 0, "abc"));
        bytes[20 + 4] = (byte)'z';
        Assert.True(PptpCodec.TryDecode(bytes, out PptpMessage? decoded, out _));
        Assert.Equal("abc", ((CallDisconnectNotify)decoded).CallStatistics);
    }

    [Fact]
    public void TextField_CharacterOutsideLatin1_IsWrittenAsQuestionMark()
    {
        byte[] bytes = Encode(new StartControlConnectionRequest(0x0100, FramingCapabilities.None, BearerCapabilities.None, 0, 0, "a\u20acb", ""));
        Assert.Equal("613f62", Convert.ToHexStringLower(bytes, 28, 3));
    }
}
