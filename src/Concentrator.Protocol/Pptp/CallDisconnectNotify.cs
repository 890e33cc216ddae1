using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Call-Disconnect-Notify, 148 bytes (RFC 2637 §2.13): Call ID (16), Result Code (8), Error Code (8),
/// Cause Code (16), Reserved1 (16), Call Statistics (128 octets).
/// </summary>
public sealed record CallDisconnectNotify(
    ushort CallId,
    CallDisconnectResult ResultCode,
    PptpErrorCode ErrorCode,
    ushort CauseCode,
    string CallStatistics) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.CallDisconnectNotify;

    internal static CallDisconnectNotify Read(ReadOnlySpan<byte> body) => new(
        ReadUInt16BigEndian(body),
        (CallDisconnectResult)body[2],
        (PptpErrorCode)body[3],
        ReadUInt16BigEndian(body[4..]),
        FixedString.Read(body.Slice(8, 128)));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, CallId);
        body[2] = (byte)ResultCode;
        body[3] = (byte)ErrorCode;
        WriteUInt16BigEndian(body[4..], CauseCode);
        FixedString.Write(body.Slice(8, 128), CallStatistics);
    }
}
