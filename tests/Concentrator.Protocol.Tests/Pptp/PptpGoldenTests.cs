using System.Text;
using Concentrator.Protocol.Pptp;
using static Concentrator.Protocol.Tests.Pptp.PptpBytes;

namespace Concentrator.Protocol.Tests.Pptp;

/// <summary>
/// One golden vector per control message type. The expected bytes are assembled by hand from the
/// field tables of RFC 2637 §2.1–§2.15: header = Length, PPTP Message Type 1, Magic Cookie 1A2B3C4D,
/// Control Message Type, Reserved0; then the body fields in RFC order, separated by '|'.
/// </summary>
public class PptpGoldenTests
{
    private static void AssertGolden(string hex, PptpMessage expected)
    {
        byte[] bytes = Hex(hex);
        Assert.Equal(bytes.Length, expected.Length);
        Assert.Equal(bytes, Encode(expected));
        Assert.True(PptpCodec.TryDecode(bytes, out PptpMessage? decoded, out PptpError error));
        Assert.Equal(PptpError.None, error);
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void StartControlConnectionRequest_FromWindowsClient()
    {
        // Values of the Windows client in [MS-PTPT] §4: version 1.0, async framing, analog bearer,
        // 0 channels, firmware 0, empty host name, vendor "Microsoft".
        AssertGolden(
            "009c 0001 1a2b3c4d 0001 0000 | 0100 | 0000 | 00000001 | 00000001 | 0000 | 0000 |"
            + Field("", 64) + Field("4d 69 63 72 6f 73 6f 66 74", 64),
            new StartControlConnectionRequest(0x0100, FramingCapabilities.Asynchronous, BearerCapabilities.Analog, 0, 0, "", "Microsoft"));
    }

    [Fact]
    public void StartControlConnectionRequest_WithoutCapabilities()
    {
        AssertGolden(
            "009c 0001 1a2b3c4d 0001 0000 | 0100 | 0000 | 00000000 | 00000000 | 0000 | 0a28 |"
            + Field("", 64) + Field("4d 69 63 72 6f 73 6f 66 74", 64),
            new StartControlConnectionRequest(0x0100, FramingCapabilities.None, BearerCapabilities.None, 0, 2600, "", "Microsoft"));
    }

    [Fact]
    public void StartControlConnectionReply()
    {
        // "concentrator" / "Concentrator" in ASCII.
        AssertGolden(
            "009c 0001 1a2b3c4d 0002 0000 | 0100 | 01 | 00 | 00000003 | 00000003 | 0000 | 0001 |"
            + Field("63 6f 6e 63 65 6e 74 72 61 74 6f 72", 64) + Field("43 6f 6e 63 65 6e 74 72 61 74 6f 72", 64),
            new StartControlConnectionReply(
                0x0100, StartControlConnectionResult.Successful, PptpErrorCode.None,
                FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous,
                BearerCapabilities.Analog | BearerCapabilities.Digital, 0, 1, "concentrator", "Concentrator"));
    }

    [Fact]
    public void StopControlConnectionRequest()
    {
        AssertGolden(
            "0010 0001 1a2b3c4d 0003 0000 | 03 | 00 | 0000",
            new StopControlConnectionRequest(StopControlConnectionReason.StopLocalShutdown));
    }

    [Fact]
    public void StopControlConnectionReply()
    {
        AssertGolden(
            "0010 0001 1a2b3c4d 0004 0000 | 01 | 00 | 0000",
            new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
    }

    [Fact]
    public void EchoRequest()
    {
        AssertGolden("0010 0001 1a2b3c4d 0005 0000 | 12345678", new EchoRequest(0x12345678));
    }

    [Fact]
    public void EchoReply()
    {
        AssertGolden(
            "0014 0001 1a2b3c4d 0006 0000 | 12345678 | 01 | 00 | 0000",
            new EchoReply(0x12345678, EchoResult.Ok, PptpErrorCode.None));
    }

    [Fact]
    public void OutgoingCallRequest_FromWindowsClient()
    {
        // The Windows client's request of [MS-PTPT] §4: call ID 0xFAEA, serial 1, 300..100000000 bps,
        // any bearer (3), any framing (3), window 64, delay 0, no phone number, and a 16-byte binary
        // correlation GUID as the Subaddress, which must survive decoding byte for byte.
        const string guid = "e3 57 2a 57 e0 a2 bd 41 b8 26 f1 45 41 06 f2 61";
        AssertGolden(
            "00a8 0001 1a2b3c4d 0007 0000 | faea | 0001 | 0000012c | 05f5e100 | 00000003 | 00000003 | 0040 | 0000 | 0000 | 0000 |"
            + Field("", 64) + Field(guid, 64),
            new OutgoingCallRequest(
                0xFAEA, 1, 300, 100_000_000,
                BearerCapabilities.Analog | BearerCapabilities.Digital,
                FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous,
                64, 0, 0, "", Encoding.Latin1.GetString(Hex(guid))));
    }

    [Fact]
    public void OutgoingCallRequest_WithPhoneNumber()
    {
        // Phone Number "5551234" (7 digits), no subaddress, call ID 0x0001, serial 0x0203.
        AssertGolden(
            "00a8 0001 1a2b3c4d 0007 0000 | 0001 | 0203 | 0000012c | 05f5e100 | 00000003 | 00000003 | 0040 | 0000 | 0007 | 0000 |"
            + Field("35 35 35 31 32 33 34", 64) + Field("", 64),
            new OutgoingCallRequest(
                1, 0x0203, 300, 100_000_000,
                BearerCapabilities.Analog | BearerCapabilities.Digital,
                FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous,
                64, 0, 7, "5551234", ""));
    }

    [Fact]
    public void OutgoingCallReply()
    {
        // The server's reply of [MS-PTPT] §4: call ID 0xE40A, peer 0xFAEA, connected, speed 5317890,
        // window 16384.
        AssertGolden(
            "0020 0001 1a2b3c4d 0008 0000 | e40a | faea | 01 | 00 | 0000 | 00512502 | 4000 | 0000 | 00000000",
            new OutgoingCallReply(0xE40A, 0xFAEA, OutgoingCallResult.Connected, PptpErrorCode.None, 0, 5_317_890, 16384, 0, 0));
    }

    [Fact]
    public void IncomingCallRequest()
    {
        // Dialed "5551" (4 digits), dialing "123" (3 digits), subaddress "7".
        AssertGolden(
            "00dc 0001 1a2b3c4d 0009 0000 | 0102 | 0007 | 00000002 | 0a0b0c0d | 0004 | 0003 |"
            + Field("35 35 35 31", 64) + Field("31 32 33", 64) + Field("37", 64),
            new IncomingCallRequest(0x0102, 7, BearerCapabilities.Digital, 0x0A0B0C0D, 4, 3, "5551", "123", "7"));
    }

    [Fact]
    public void IncomingCallReply()
    {
        AssertGolden(
            "0018 0001 1a2b3c4d 000a 0000 | 0203 | 0102 | 01 | 00 | 0040 | 0000 | 0000",
            new IncomingCallReply(0x0203, 0x0102, IncomingCallResult.Connect, PptpErrorCode.None, 64, 0));
    }

    [Fact]
    public void IncomingCallConnected()
    {
        AssertGolden(
            "001c 0001 1a2b3c4d 000b 0000 | 0203 | 0000 | 0000fa00 | 0010 | 0005 | 00000002",
            new IncomingCallConnected(0x0203, 64000, 16, 5, FramingCapabilities.Synchronous));
    }

    [Fact]
    public void CallClearRequest()
    {
        AssertGolden("0010 0001 1a2b3c4d 000c 0000 | faea | 0000", new CallClearRequest(0xFAEA));
    }

    [Fact]
    public void CallDisconnectNotify()
    {
        // Call Statistics "idle timeout".
        AssertGolden(
            "0094 0001 1a2b3c4d 000d 0000 | e40a | 04 | 00 | 0010 | 0000 |"
            + Field("69 64 6c 65 20 74 69 6d 65 6f 75 74", 128),
            new CallDisconnectNotify(0xE40A, CallDisconnectResult.Request, PptpErrorCode.None, 0x0010, "idle timeout"));
    }

    [Fact]
    public void CallDisconnectNotify_GeneralError()
    {
        AssertGolden(
            "0094 0001 1a2b3c4d 000d 0000 | e40a | 02 | 05 | 0000 | 0000 |" + Field("", 128),
            new CallDisconnectNotify(0xE40A, CallDisconnectResult.GeneralError, PptpErrorCode.BadCallId, 0, ""));
    }

    [Fact]
    public void WanErrorNotify()
    {
        AssertGolden(
            "0028 0001 1a2b3c4d 000e 0000 | faea | 0000 | 00000001 | 00000002 | 00000003 | 00000004 | 00000005 | 00000006",
            new WanErrorNotify(0xFAEA, 1, 2, 3, 4, 5, 6));
    }

    [Fact]
    public void SetLinkInfo()
    {
        AssertGolden(
            "0018 0001 1a2b3c4d 000f 0000 | faea | 0000 | ffffffff | 00000000",
            new SetLinkInfo(0xFAEA, 0xFFFFFFFF, 0));
    }
}
