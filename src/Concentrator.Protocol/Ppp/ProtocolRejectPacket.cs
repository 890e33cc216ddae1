using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp;

/// <summary>LCP Protocol-Reject (RFC 1661 §5.7): Rejected-Protocol then Rejected-Information.</summary>
public sealed record ProtocolRejectPacket(byte Identifier, ushort RejectedProtocol, ReadOnlyMemory<byte> RejectedInformation)
{
    private const int ProtocolLength = 2;

    public static bool TryDecode(ControlPacket packet, out ProtocolRejectPacket reject, out ControlPacketError error)
    {
        reject = new ProtocolRejectPacket(packet.Identifier, 0, ReadOnlyMemory<byte>.Empty);
        if (packet.Code != ControlCode.ProtocolReject)
        {
            error = ControlPacketError.UnexpectedCode;
            return false;
        }

        if (packet.Data.Length < ProtocolLength)
        {
            error = ControlPacketError.TruncatedData;
            return false;
        }

        reject = reject with
        {
            RejectedProtocol = BinaryPrimitives.ReadUInt16BigEndian(packet.Data.Span),
            RejectedInformation = packet.Data[ProtocolLength..],
        };
        error = ControlPacketError.None;
        return true;
    }

    /// <summary>
    /// Builds a Protocol-Reject whose whole packet fits in <paramref name="peerMru"/> octets; RFC 1661 §5.7:
    /// "The Rejected-Information MUST be truncated to comply with the peer's established MRU."
    /// </summary>
    public static ProtocolRejectPacket Create(byte identifier, ushort rejectedProtocol, ReadOnlySpan<byte> information, int peerMru)
    {
        var room = Math.Max(0, peerMru - ControlPacket.HeaderLength - ProtocolLength);
        var kept = information.Length > room ? information[..room] : information;
        return new ProtocolRejectPacket(identifier, rejectedProtocol, kept.ToArray());
    }

    public ControlPacket ToControlPacket()
    {
        var data = new byte[ProtocolLength + RejectedInformation.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, RejectedProtocol);
        RejectedInformation.Span.CopyTo(data.AsSpan(ProtocolLength));
        return new ControlPacket(ControlCode.ProtocolReject, Identifier, data);
    }
}
