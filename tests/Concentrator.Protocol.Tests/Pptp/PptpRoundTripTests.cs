using CsCheck;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Protocol.Tests.Pptp;

/// <summary>decode(encode(m)) == m for generated values of every field of every message type.</summary>
public class PptpRoundTripTests
{
    private static void RoundTrip<T>(Gen<T> gen)
        where T : PptpMessage =>
        gen.Sample(message =>
        {
            byte[] bytes = PptpBytes.Encode(message);
            Assert.Equal(PptpHeader.LengthOf(message.MessageType), bytes.Length);
            Assert.True(PptpCodec.TryDecode(bytes, out PptpMessage? decoded, out PptpError error), error.ToString());
            Assert.Equal(message, decoded);
            Assert.Equal(bytes, PptpBytes.Encode(decoded));
        }, iter: 1000);

    [Fact]
    public void StartControlConnectionRequest() => RoundTrip(PptpGen.StartControlConnectionRequest);

    [Fact]
    public void StartControlConnectionReply() => RoundTrip(PptpGen.StartControlConnectionReply);

    [Fact]
    public void StopControlConnectionRequest() => RoundTrip(PptpGen.StopControlConnectionRequest);

    [Fact]
    public void StopControlConnectionReply() => RoundTrip(PptpGen.StopControlConnectionReply);

    [Fact]
    public void EchoRequest() => RoundTrip(PptpGen.EchoRequest);

    [Fact]
    public void EchoReply() => RoundTrip(PptpGen.EchoReply);

    [Fact]
    public void OutgoingCallRequest() => RoundTrip(PptpGen.OutgoingCallRequest);

    [Fact]
    public void OutgoingCallReply() => RoundTrip(PptpGen.OutgoingCallReply);

    [Fact]
    public void IncomingCallRequest() => RoundTrip(PptpGen.IncomingCallRequest);

    [Fact]
    public void IncomingCallReply() => RoundTrip(PptpGen.IncomingCallReply);

    [Fact]
    public void IncomingCallConnected() => RoundTrip(PptpGen.IncomingCallConnected);

    [Fact]
    public void CallClearRequest() => RoundTrip(PptpGen.CallClearRequest);

    [Fact]
    public void CallDisconnectNotify() => RoundTrip(PptpGen.CallDisconnectNotify);

    [Fact]
    public void WanErrorNotify() => RoundTrip(PptpGen.WanErrorNotify);

    [Fact]
    public void SetLinkInfo() => RoundTrip(PptpGen.SetLinkInfo);
}
