using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>Echo-Request, 16 bytes (RFC 2637 §2.5): Identifier (32).</summary>
public sealed record EchoRequest(uint Identifier) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.EchoRequest;

    internal static EchoRequest Read(ReadOnlySpan<byte> body) => new(ReadUInt32BigEndian(body));

    private protected override void WriteBody(Span<byte> body) => WriteUInt32BigEndian(body, Identifier);
}
