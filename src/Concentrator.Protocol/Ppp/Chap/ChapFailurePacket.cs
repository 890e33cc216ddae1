namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>Failure (RFC 1994 §4.2); for MS-CHAPv2 the Message is "E=… R=… C=… V=… M=…" (RFC 2759 §6).</summary>
public sealed record ChapFailurePacket(byte Identifier, ReadOnlyMemory<byte> Message) : ChapPacket(Identifier)
{
    public override ChapCode Code => ChapCode.Failure;

    protected override int DataLength => Message.Length;

    protected override void WriteData(Span<byte> destination) => Message.Span.CopyTo(destination);
}
