using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Outgoing-Call-Reply, 32 bytes (RFC 2637 §2.8): Call ID (16), Peer's Call ID (16), Result Code (8),
/// Error Code (8), Cause Code (16), Connect Speed (32), Packet Recv. Window Size (16),
/// Packet Processing Delay (16), Physical Channel ID (32).
/// </summary>
public sealed record OutgoingCallReply(
    ushort CallId,
    ushort PeerCallId,
    OutgoingCallResult ResultCode,
    PptpErrorCode ErrorCode,
    ushort CauseCode,
    uint ConnectSpeed,
    ushort PacketReceiveWindowSize,
    ushort PacketProcessingDelay,
    uint PhysicalChannelId) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.OutgoingCallReply;

    internal static OutgoingCallReply Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        ReadUInt16BigEndian(body[2..]),
        (OutgoingCallResult)body[4],
        (PptpErrorCode)body[5],
        ReadUInt16BigEndian(body[6..]),
        ReadUInt32BigEndian(body[8..]),
        ReadUInt16BigEndian(body[12..]),
        ReadUInt16BigEndian(body[14..]),
        ReadUInt32BigEndian(body[16..]));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, CallId);
        WriteUInt16BigEndian(body[2..], PeerCallId);
        body[4] = (byte)ResultCode;
        body[5] = (byte)ErrorCode;
        WriteUInt16BigEndian(body[6..], CauseCode);
        WriteUInt32BigEndian(body[8..], ConnectSpeed);
        WriteUInt16BigEndian(body[12..], PacketReceiveWindowSize);
        WriteUInt16BigEndian(body[14..], PacketProcessingDelay);
        WriteUInt32BigEndian(body[16..], PhysicalChannelId);
    }
}
