using static System.Buffers.Binary.BinaryPrimitives;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Set-Link-Info, 24 bytes (RFC 2637 §2.15): Peer's Call ID (16), Reserved1 (16), Send ACCM (32),
/// Receive ACCM (32).
/// </summary>
public sealed record SetLinkInfo(ushort PeerCallId, uint SendAccm, uint ReceiveAccm) : PptpMessage
{
    /// <inheritdoc />
    public override ControlMessageType MessageType => ControlMessageType.SetLinkInfo;

    internal static SetLinkInfo Read(ReadOnlySpan<byte> body) =>
        new(ReadUInt16BigEndian(body), ReadUInt32BigEndian(body[4..]), ReadUInt32BigEndian(body[8..]));

    private protected override void WriteBody(Span<byte> body)
    {
        WriteUInt16BigEndian(body, PeerCallId);
        WriteUInt32BigEndian(body[4..], SendAccm);
        WriteUInt32BigEndian(body[8..], ReceiveAccm);
    }
}
