using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Outgoing-Call-Request, 168 bytes (RFC 2637 §2.7): Call ID (16), Call Serial Number (16),
/// Minimum BPS (32), Maximum BPS (32), Bearer Type (32), Framing Type (32), Packet Recv. Window Size (16),
/// Packet Processing Delay (16), Phone Number Length (16), Reserved1 (16), Phone Number (64 octets),
/// Subaddress (64 octets). <see cref="PhoneNumberLength"/> is carried as received, not derived.
/// </summary>
public sealed record OutgoingCallRequest(
    ushort CallId,
    ushort CallSerialNumber,
    uint MinimumBps,
    uint MaximumBps,
    BearerCapabilities BearerType,
    FramingCapabilities FramingType,
    ushort PacketReceiveWindowSize,
    ushort PacketProcessingDelay,
    ushort PhoneNumberLength,
    string PhoneNumber,
    string Subaddress) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.OutgoingCallRequest;

    internal static OutgoingCallRequest Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        ReadUInt16BigEndian(body[2..]),
        ReadUInt32BigEndian(body[4..]),
        ReadUInt32BigEndian(body[8..]),
        (BearerCapabilities)ReadUInt32BigEndian(body[12..]),
        (FramingCapabilities)ReadUInt32BigEndian(body[16..]),
        ReadUInt16BigEndian(body[20..]),
        ReadUInt16BigEndian(body[22..]),
        ReadUInt16BigEndian(body[24..]),
        FixedString.Read(body.Slice(28, 64)),
        FixedString.Read(body.Slice(92, 64)));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, CallId);
        WriteUInt16BigEndian(body[2..], CallSerialNumber);
        WriteUInt32BigEndian(body[4..], MinimumBps);
        WriteUInt32BigEndian(body[8..], MaximumBps);
        WriteUInt32BigEndian(body[12..], (uint)BearerType);
        WriteUInt32BigEndian(body[16..], (uint)FramingType);
        WriteUInt16BigEndian(body[20..], PacketReceiveWindowSize);
        WriteUInt16BigEndian(body[22..], PacketProcessingDelay);
        WriteUInt16BigEndian(body[24..], PhoneNumberLength);
        FixedString.Write(body.Slice(28, 64), PhoneNumber);
        FixedString.Write(body.Slice(92, 64), Subaddress);
    }
}
