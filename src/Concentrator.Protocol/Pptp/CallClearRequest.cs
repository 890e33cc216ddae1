using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>Call-Clear-Request, 16 bytes (RFC 2637 §2.12): Call ID (16), Reserved1 (16).</summary>
public sealed record CallClearRequest(ushort CallId) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.CallClearRequest;

    internal static CallClearRequest Read(ReadOnlySpan<byte> body) => new(ReadUInt16BigEndian(body));

    private protected override void WriteBody(Span<byte> body) => WriteUInt16BigEndian(body, CallId);
}
