namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Stop-Control-Connection-Request, 16 bytes (RFC 2637 §2.3): Reason (8), Reserved1 (8), Reserved2 (16).
/// </summary>
public sealed record StopControlConnectionRequest(StopControlConnectionReason Reason) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.StopControlConnectionRequest;

    internal static StopControlConnectionRequest Read(ReadOnlySpan<byte> body) =>
        new((StopControlConnectionReason)body[0]);

    private protected override void WriteBody(Span<byte> body) => body[0] = (byte)Reason;
}
