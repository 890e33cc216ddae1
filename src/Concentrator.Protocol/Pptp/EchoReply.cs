using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Echo-Reply, 20 bytes (RFC 2637 §2.6): Identifier (32), Result Code (8), Error Code (8), Reserved1 (16).
/// </summary>
public sealed record EchoReply(uint Identifier, EchoResult ResultCode, PptpErrorCode ErrorCode) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.EchoReply;

    internal static EchoReply Read(ReadOnlySpan<byte> body) =>
        new(ReadUInt32BigEndian(body), (EchoResult)body[4], (PptpErrorCode)body[5]);

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt32BigEndian(body, Identifier);
        body[4] = (byte)ResultCode;
        body[5] = (byte)ErrorCode;
    }
}
