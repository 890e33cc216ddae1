namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>Success (RFC 1994 §4.2); for MS-CHAPv2 the Message is "S=&lt;auth_string&gt; M=&lt;message&gt;" (RFC 2759 §5).</summary>
public sealed record ChapSuccessPacket(byte Identifier, ReadOnlyMemory<byte> Message) : ChapPacket(Identifier)
{
    public override ChapCode Code => ChapCode.Success;

    protected override int DataLength => Message.Length;

    protected override void WriteData(Span<byte> destination) => Message.Span.CopyTo(destination);
}
