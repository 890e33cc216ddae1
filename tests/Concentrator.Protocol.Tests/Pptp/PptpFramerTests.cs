using System.Buffers.Binary;
using Concentrator.Protocol.Pptp;
using static Concentrator.Protocol.Tests.Pptp.PptpBytes;

namespace Concentrator.Protocol.Tests.Pptp;

public class PptpFramerTests
{
    /// <summary>One message of each of the fifteen types.</summary>
    private static readonly PptpMessage[] AllTypes =
    [
        new StartControlConnectionRequest(0x0100, FramingCapabilities.Asynchronous, BearerCapabilities.Analog, 0, 0, "", "Microsoft"),
        new StartControlConnectionReply(0x0100, StartControlConnectionResult.Successful, PptpErrorCode.None, FramingCapabilities.Synchronous, BearerCapabilities.Digital, 0, 1, "pac", "Concentrator"),
        new StopControlConnectionRequest(StopControlConnectionReason.None),
        new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None),
        new EchoRequest(7),
        new EchoReply(7, EchoResult.Ok, PptpErrorCode.None),
        new OutgoingCallRequest(0xFAEA, 1, 300, 100_000_000, BearerCapabilities.Analog | BearerCapabilities.Digital, FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous, 64, 0, 0, "", ""),
        new OutgoingCallReply(0xE40A, 0xFAEA, OutgoingCallResult.Connected, PptpErrorCode.None, 0, 100_000_000, 64, 0, 0),
        new IncomingCallRequest(1, 2, BearerCapabilities.Analog, 3, 1, 1, "4", "5", "6"),
        new IncomingCallReply(7, 1, IncomingCallResult.Connect, PptpErrorCode.None, 64, 0),
        new IncomingCallConnected(7, 56000, 64, 0, FramingCapabilities.Asynchronous),
        new CallClearRequest(0xFAEA),
        new CallDisconnectNotify(0xE40A, CallDisconnectResult.Request, PptpErrorCode.None, 0, "stats"),
        new WanErrorNotify(0xFAEA, 1, 2, 3, 4, 5, 6),
        new SetLinkInfo(0xFAEA, 0xFFFFFFFF, 0xFFFFFFFF),
    ];

    private static byte[] AllTypesStream() => [.. AllTypes.SelectMany(Encode)];

    [Fact]
    public void EmptyAndOneByte_NeedMore()
    {
        Assert.Equal(PptpFrameStatus.NeedMore, PptpFramer.TryFrame([], out int length, out PptpError error));
        Assert.Equal((0, PptpError.None), (length, error));
        Assert.Equal(PptpFrameStatus.NeedMore, PptpFramer.TryFrame([0x00], out _, out _));
    }

    [Fact]
    public void SeveralMessagesInOneBuffer_AreCutOneByOne()
    {
        byte[] stream = AllTypesStream();
        int offset = 0;
        foreach (PptpMessage expected in AllTypes)
        {
            Assert.Equal(PptpFrameStatus.Complete, PptpFramer.TryFrame(stream.AsSpan(offset), out int length, out PptpError error));
            Assert.Equal(PptpError.None, error);
            Assert.Equal(expected.Length, length);
            Assert.True(PptpCodec.TryDecode(stream.AsSpan(offset, length), out PptpMessage? message, out _));
            Assert.Equal(expected, message);
            offset += length;
        }

        Assert.Equal(stream.Length, offset);
        Assert.Equal(PptpFrameStatus.NeedMore, PptpFramer.TryFrame(stream.AsSpan(offset), out _, out _));
    }

    [Fact]
    public void StreamSplitAtEveryByteBoundary_YieldsAllMessages()
    {
        byte[] stream = AllTypesStream();
        for (int split = 0; split <= stream.Length; split++)
        {
            var connection = new PptpStream();
            connection.Receive(stream.AsSpan(0, split));
            connection.Receive(stream.AsSpan(split));
            Assert.Equal(AllTypes, connection.Messages);
            Assert.Empty(connection.DecodeErrors);
            Assert.Equal(0, connection.Pending);
        }
    }

    [Fact]
    public void StreamFedOneByteAtATime_YieldsEachMessageWhenItsLastByteArrives()
    {
        byte[] stream = AllTypesStream();
        var connection = new PptpStream();
        int boundary = 0;
        int index = 0;
        for (int i = 0; i < stream.Length; i++)
        {
            connection.Receive(stream.AsSpan(i, 1));
            if (i + 1 == boundary + AllTypes[index].Length)
            {
                boundary = i + 1;
                index++;
            }

            Assert.Equal(index, connection.Messages.Count);
        }

        Assert.Equal(AllTypes, connection.Messages);
    }

    [Fact]
    public void StreamInRandomChunks_YieldsAllMessages()
    {
        byte[] stream = AllTypesStream();
        var rng = new Random(2637);
        for (int run = 0; run < 200; run++)
        {
            var connection = new PptpStream();
            for (int offset = 0; offset < stream.Length;)
            {
                int size = Math.Min(rng.Next(1, 300), stream.Length - offset);
                connection.Receive(stream.AsSpan(offset, size));
                offset += size;
            }

            Assert.Equal(AllTypes, connection.Messages);
        }
    }

    [Theory]
    [InlineData("0000")]
    [InlineData("000b")]
    [InlineData("0201")]
    [InlineData("ffff")]
    [InlineData("4745 5420 2f20 4854 5450 2f31 2e31")] // "GET / HTTP/1.1": Length 0x4745
    public void LengthOutsideTwelveTo512_IsAStreamErrorAsSoonAsItArrives(string hex)
    {
        Assert.Equal(PptpFrameStatus.Error, PptpFramer.TryFrame(Hex(hex), out int length, out PptpError error));
        Assert.Equal(0, length);
        Assert.Equal(PptpError.BadLength, error);
    }

    [Fact]
    public void LengthOf512_IsAcceptedAsAFrame()
    {
        // The framer only delimits; the codec then rejects the unknown size.
        byte[] frame = new byte[PptpFramer.MaxMessageLength];
        EchoRequestHeader().CopyTo(frame, 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame, PptpFramer.MaxMessageLength);
        Assert.Equal(PptpFrameStatus.NeedMore, PptpFramer.TryFrame(frame.AsSpan(0, 511), out _, out _));
        Assert.Equal(PptpFrameStatus.Complete, PptpFramer.TryFrame(frame, out int length, out _));
        Assert.Equal(512, length);
        Assert.False(PptpCodec.TryDecode(frame, out _, out PptpError error));
        Assert.Equal(PptpError.WrongLengthForType, error);
    }

    [Fact]
    public void BadMessageType_IsAStreamErrorOnceFourBytesArrive()
    {
        byte[] bytes = EchoRequestHeader();
        bytes[3] = 2; // management message type: not used by PPTP
        Assert.Equal(PptpFrameStatus.NeedMore, PptpFramer.TryFrame(bytes.AsSpan(0, 3), out _, out _));
        Assert.Equal(PptpFrameStatus.Error, PptpFramer.TryFrame(bytes.AsSpan(0, 4), out _, out PptpError error));
        Assert.Equal(PptpError.BadMessageType, error);
    }

    [Fact]
    public void BadMagicCookie_IsAStreamErrorOnceEightBytesArrive()
    {
        byte[] bytes = EchoRequestHeader();
        bytes[4] = 0x1B;
        Assert.Equal(PptpFrameStatus.NeedMore, PptpFramer.TryFrame(bytes.AsSpan(0, 7), out _, out _));
        Assert.Equal(PptpFrameStatus.Error, PptpFramer.TryFrame(bytes.AsSpan(0, 8), out _, out PptpError error));
        Assert.Equal(PptpError.BadMagicCookie, error);
    }

    [Fact]
    public void GarbageAfterValidMessages_StopsTheStreamAfterThem()
    {
        byte[] stream = [.. AllTypesStream(), .. Hex("0010 0001 deadbeef 0005 0000 00000000")];
        var connection = new PptpStream();
        connection.Receive(stream);
        Assert.Equal(AllTypes, connection.Messages);
        Assert.Equal(PptpError.BadMagicCookie, connection.StreamError);
    }

    [Fact]
    public void WellFramedUnknownType_IsADecodeErrorAndTheStreamContinues()
    {
        byte[] unknown = Hex("0010 0001 1a2b3c4d 0063 0000 00000000");
        byte[] stream = [.. unknown, .. Encode(new EchoRequest(9))];
        var connection = new PptpStream();
        connection.Receive(stream);
        Assert.Equal([PptpError.UnknownControlMessageType], connection.DecodeErrors);
        Assert.Equal([new EchoRequest(9)], connection.Messages);
    }

    private static byte[] EchoRequestHeader() => Encode(new EchoRequest(0));
}
