using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Incoming-Call-Reply, 24 bytes (RFC 2637 §2.10): Call ID (16), Peer's Call ID (16), Result Code (8),
/// Error Code (8), Packet Recv. Window Size (16), Packet Transmit Delay (16), Reserved1 (16).
/// </summary>
public sealed record IncomingCallReply(
    ushort CallId,
    ushort PeerCallId,
    IncomingCallResult ResultCode,
    PptpErrorCode ErrorCode,
    ushort PacketReceiveWindowSize,
    ushort PacketTransmitDelay) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.IncomingCallReply;

    internal static IncomingCallReply Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        ReadUInt16BigEndian(body[2..]),
        (IncomingCallResult)body[4],
        (PptpErrorCode)body[5],
        ReadUInt16BigEndian(body[6..]),
        ReadUInt16BigEndian(body[8..]));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, CallId);
        WriteUInt16BigEndian(body[2..], PeerCallId);
        body[4] = (byte)ResultCode;
        body[5] = (byte)ErrorCode;
        WriteUInt16BigEndian(body[6..], PacketReceiveWindowSize);
        WriteUInt16BigEndian(body[8..], PacketTransmitDelay);
    }
}
