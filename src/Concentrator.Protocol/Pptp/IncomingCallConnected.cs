using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Incoming-Call-Connected, 28 bytes (RFC 2637 §2.11): Peer's Call ID (16), Reserved1 (16),
/// Connect Speed (32), Packet Recv. Window Size (16), Packet Transmit Delay (16), Framing Type (32).
/// </summary>
public sealed record IncomingCallConnected(
    ushort PeerCallId,
    uint ConnectSpeed,
    ushort PacketReceiveWindowSize,
    ushort PacketTransmitDelay,
    FramingCapabilities FramingType) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.IncomingCallConnected;

    internal static IncomingCallConnected Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        ReadUInt32BigEndian(body[4..]),
        ReadUInt16BigEndian(body[8..]),
        ReadUInt16BigEndian(body[10..]),
        (FramingCapabilities)ReadUInt32BigEndian(body[12..]));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, PeerCallId);
        WriteUInt32BigEndian(body[4..], ConnectSpeed);
        WriteUInt16BigEndian(body[8..], PacketReceiveWindowSize);
        WriteUInt16BigEndian(body[10..], PacketTransmitDelay);
        WriteUInt32BigEndian(body[12..], (uint)FramingType);
    }
}
