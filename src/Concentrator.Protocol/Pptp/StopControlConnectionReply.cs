namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Stop-Control-Connection-Reply, 16 bytes (RFC 2637 §2.4): Result Code (8), Error Code (8), Reserved1 (16).
/// </summary>
public sealed record StopControlConnectionReply(StopControlConnectionResult ResultCode, PptpErrorCode ErrorCode) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.StopControlConnectionReply;

    internal static StopControlConnectionReply Read(ReadOnlySpan<byte> body) =>
        new((StopControlConnectionResult)body[0], (PptpErrorCode)body[1]);

    private protected override void WriteBody(Span<byte> body)
    {
        body[0] = (byte)ResultCode;
        body[1] = (byte)ErrorCode;
    }
}
