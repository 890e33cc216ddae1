using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Incoming-Call-Request, 220 bytes (RFC 2637 §2.9): Call ID (16), Call Serial Number (16),
/// Call Bearer Type (32), Physical Channel ID (32), Dialed Number Length (16), Dialing Number Length (16),
/// Dialed Number (64 octets), Dialing Number (64 octets), Subaddress (64 octets).
/// The two length fields are carried as received, not derived.
/// </summary>
public sealed record IncomingCallRequest(
    ushort CallId,
    ushort CallSerialNumber,
    BearerCapabilities CallBearerType,
    uint PhysicalChannelId,
    ushort DialedNumberLength,
    ushort DialingNumberLength,
    string DialedNumber,
    string DialingNumber,
    string Subaddress) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.IncomingCallRequest;

    internal static IncomingCallRequest Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        ReadUInt16BigEndian(body[2..]),
        (BearerCapabilities)ReadUInt32BigEndian(body[4..]),
        ReadUInt32BigEndian(body[8..]),
        ReadUInt16BigEndian(body[12..]),
        ReadUInt16BigEndian(body[14..]),
        FixedString.Read(body.Slice(16, 64)),
        FixedString.Read(body.Slice(80, 64)),
        FixedString.Read(body.Slice(144, 64)));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, CallId);
        WriteUInt16BigEndian(body[2..], CallSerialNumber);
        WriteUInt32BigEndian(body[4..], (uint)CallBearerType);
        WriteUInt32BigEndian(body[8..], PhysicalChannelId);
        WriteUInt16BigEndian(body[12..], DialedNumberLength);
        WriteUInt16BigEndian(body[14..], DialingNumberLength);
        FixedString.Write(body.Slice(16, 64), DialedNumber);
        FixedString.Write(body.Slice(80, 64), DialingNumber);
        FixedString.Write(body.Slice(144, 64), Subaddress);
    }
}
