using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Start-Control-Connection-Reply, 156 bytes (RFC 2637 §2.2): Protocol Version (16), Result Code (8),
/// Error Code (8), Framing Capabilities (32), Bearer Capabilities (32), Maximum Channels (16),
/// Firmware Revision (16), Host Name (64 octets), Vendor String (64 octets).
/// </summary>
public sealed record StartControlConnectionReply(
    ushort ProtocolVersion,
    StartControlConnectionResult ResultCode,
    PptpErrorCode ErrorCode,
    FramingCapabilities FramingCapabilities,
    BearerCapabilities BearerCapabilities,
    ushort MaximumChannels,
    ushort FirmwareRevision,
    string HostName,
    string VendorName) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.StartControlConnectionReply;

    internal static StartControlConnectionReply Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        (StartControlConnectionResult)body[2],
        (PptpErrorCode)body[3],
        (FramingCapabilities)ReadUInt32BigEndian(body[4..]),
        (BearerCapabilities)ReadUInt32BigEndian(body[8..]),
        ReadUInt16BigEndian(body[12..]),
        ReadUInt16BigEndian(body[14..]),
        FixedString.Read(body.Slice(16, 64)),
        FixedString.Read(body.Slice(80, 64)));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, ProtocolVersion);
        body[2] = (byte)ResultCode;
        body[3] = (byte)ErrorCode;
        WriteUInt32BigEndian(body[4..], (uint)FramingCapabilities);
        WriteUInt32BigEndian(body[8..], (uint)BearerCapabilities);
        WriteUInt16BigEndian(body[12..], MaximumChannels);
        WriteUInt16BigEndian(body[14..], FirmwareRevision);
        FixedString.Write(body.Slice(16, 64), HostName);
        FixedString.Write(body.Slice(80, 64), VendorName);
    }
}
