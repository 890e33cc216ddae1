using CsCheck;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Protocol.Tests.Pptp;

/// <summary>CsCheck generators covering every field of every control message type.</summary>
internal static class PptpGen
{
    private static readonly Gen<uint> UInt32 = Gen.UInt;

    // Text without NUL (decoding stops at the first NUL) and within Latin-1 (one byte per char),
    // up to and including the full field size.
    private static Gen<string> Text(int size) => Gen.Char['\u0001', '\u00FF'].Array[0, size].Select(chars => new string(chars));

    private static readonly Gen<PptpErrorCode> ErrorCode = Gen.Byte.Select(b => (PptpErrorCode)b);
    private static readonly Gen<FramingCapabilities> Framing = UInt32.Select(v => (FramingCapabilities)v);
    private static readonly Gen<BearerCapabilities> Bearer = UInt32.Select(v => (BearerCapabilities)v);

    public static readonly Gen<StartControlConnectionRequest> StartControlConnectionRequest =
        Gen.Select(Gen.UShort, Framing, Bearer, Gen.UShort, Gen.UShort, Text(64), Text(64),
            (version, framing, bearer, channels, firmware, host, vendor) =>
                new StartControlConnectionRequest(version, framing, bearer, channels, firmware, host, vendor));

    public static readonly Gen<StartControlConnectionReply> StartControlConnectionReply =
        Gen.Select(
            Gen.Select(Gen.UShort, Gen.Byte, ErrorCode, Framing, Bearer),
            Gen.Select(Gen.UShort, Gen.UShort, Text(64), Text(64)),
            (a, b) => new StartControlConnectionReply(
                a.Item1, (StartControlConnectionResult)a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4));

    public static readonly Gen<StopControlConnectionRequest> StopControlConnectionRequest =
        Gen.Byte.Select(b => new StopControlConnectionRequest((StopControlConnectionReason)b));

    public static readonly Gen<StopControlConnectionReply> StopControlConnectionReply =
        Gen.Select(Gen.Byte, ErrorCode, (result, error) => new StopControlConnectionReply((StopControlConnectionResult)result, error));

    public static readonly Gen<EchoRequest> EchoRequest = UInt32.Select(id => new EchoRequest(id));

    public static readonly Gen<EchoReply> EchoReply =
        Gen.Select(UInt32, Gen.Byte, ErrorCode, (id, result, error) => new EchoReply(id, (EchoResult)result, error));

    public static readonly Gen<OutgoingCallRequest> OutgoingCallRequest =
        Gen.Select(
            Gen.Select(Gen.UShort, Gen.UShort, UInt32, UInt32, Bearer, Framing),
            Gen.Select(Gen.UShort, Gen.UShort, Gen.UShort, Text(64), Text(64)),
            (a, b) => new OutgoingCallRequest(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5));

    public static readonly Gen<OutgoingCallReply> OutgoingCallReply =
        Gen.Select(
            Gen.Select(Gen.UShort, Gen.UShort, Gen.Byte, ErrorCode, Gen.UShort),
            Gen.Select(UInt32, Gen.UShort, Gen.UShort, UInt32),
            (a, b) => new OutgoingCallReply(a.Item1, a.Item2, (OutgoingCallResult)a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4));

    public static readonly Gen<IncomingCallRequest> IncomingCallRequest =
        Gen.Select(
            Gen.Select(Gen.UShort, Gen.UShort, Bearer, UInt32, Gen.UShort, Gen.UShort),
            Gen.Select(Text(64), Text(64), Text(64)),
            (a, b) => new IncomingCallRequest(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, b.Item1, b.Item2, b.Item3));

    public static readonly Gen<IncomingCallReply> IncomingCallReply =
        Gen.Select(Gen.UShort, Gen.UShort, Gen.Byte, ErrorCode, Gen.UShort, Gen.UShort,
            (callId, peer, result, error, window, delay) =>
                new IncomingCallReply(callId, peer, (IncomingCallResult)result, error, window, delay));

    public static readonly Gen<IncomingCallConnected> IncomingCallConnected =
        Gen.Select(Gen.UShort, UInt32, Gen.UShort, Gen.UShort, Framing,
            (peer, speed, window, delay, framing) => new IncomingCallConnected(peer, speed, window, delay, framing));

    public static readonly Gen<CallClearRequest> CallClearRequest = Gen.UShort.Select(id => new CallClearRequest(id));

    public static readonly Gen<CallDisconnectNotify> CallDisconnectNotify =
        Gen.Select(Gen.UShort, Gen.Byte, ErrorCode, Gen.UShort, Text(128),
            (callId, result, error, cause, statistics) =>
                new CallDisconnectNotify(callId, (CallDisconnectResult)result, error, cause, statistics));

    public static readonly Gen<WanErrorNotify> WanErrorNotify =
        Gen.Select(Gen.UShort, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
            (peer, crc, framing, hardware, buffer, timeout, alignment) =>
                new WanErrorNotify(peer, crc, framing, hardware, buffer, timeout, alignment));

    public static readonly Gen<SetLinkInfo> SetLinkInfo =
        Gen.Select(Gen.UShort, UInt32, UInt32, (peer, send, receive) => new SetLinkInfo(peer, send, receive));

    /// <summary>Any control message, every type equally likely.</summary>
    public static readonly Gen<PptpMessage> Any = Gen.OneOf<PptpMessage>(
        StartControlConnectionRequest.Cast(),
        StartControlConnectionReply.Cast(),
        StopControlConnectionRequest.Cast(),
        StopControlConnectionReply.Cast(),
        EchoRequest.Cast(),
        EchoReply.Cast(),
        OutgoingCallRequest.Cast(),
        OutgoingCallReply.Cast(),
        IncomingCallRequest.Cast(),
        IncomingCallReply.Cast(),
        IncomingCallConnected.Cast(),
        CallClearRequest.Cast(),
        CallDisconnectNotify.Cast(),
        WanErrorNotify.Cast(),
        SetLinkInfo.Cast());

    private static Gen<PptpMessage> Cast<T>(this Gen<T> gen)
        where T : PptpMessage => gen.Select(m => (PptpMessage)m);
}
