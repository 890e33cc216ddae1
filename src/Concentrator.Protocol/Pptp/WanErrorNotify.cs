using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// WAN-Error-Notify, 40 bytes (RFC 2637 §2.14): Peer's Call ID (16), Reserved1 (16), CRC Errors (32),
/// Framing Errors (32), Hardware Overruns (32), Buffer Overruns (32), Time-out Errors (32),
/// Alignment Errors (32).
/// </summary>
public sealed record WanErrorNotify(
    ushort PeerCallId,
    uint CrcErrors,
    uint FramingErrors,
    uint HardwareOverruns,
    uint BufferOverruns,
    uint TimeoutErrors,
    uint AlignmentErrors) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.WanErrorNotify;

    internal static WanErrorNotify Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        ReadUInt32BigEndian(body[4..]),
        ReadUInt32BigEndian(body[8..]),
        ReadUInt32BigEndian(body[12..]),
        ReadUInt32BigEndian(body[16..]),
        ReadUInt32BigEndian(body[20..]),
        ReadUInt32BigEndian(body[24..]));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, PeerCallId);
        WriteUInt32BigEndian(body[4..], CrcErrors);
        WriteUInt32BigEndian(body[8..], FramingErrors);
        WriteUInt32BigEndian(body[12..], HardwareOverruns);
        WriteUInt32BigEndian(body[16..], BufferOverruns);
        WriteUInt32BigEndian(body[20..], TimeoutErrors);
        WriteUInt32BigEndian(body[24..], AlignmentErrors);
    }
}
