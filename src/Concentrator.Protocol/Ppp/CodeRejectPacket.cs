namespace Concentrator.Protocol.Ppp;

/// <summary>Code-Reject (RFC 1661 §5.6): the Data is a copy of the rejected packet, header included.</summary>
public static class CodeRejectPacket
{
    /// <summary>
    /// Builds a Code-Reject whose whole packet fits in <paramref name="peerMru"/> octets; RFC 1661 §5.6:
    /// "The Rejected-Packet MUST be truncated to comply with the peer's established MRU."
    /// </summary>
    public static ControlPacket Create(byte identifier, ReadOnlySpan<byte> rejectedPacket, int peerMru)
    {
        var room = Math.Max(0, peerMru - ControlPacket.HeaderLength);
        var kept = rejectedPacket.Length > room ? rejectedPacket[..room] : rejectedPacket;
        return new ControlPacket(ControlCode.CodeReject, identifier, kept.ToArray());
    }

    /// <summary>The Code of the packet the peer rejected: the first octet of the Rejected-Packet field.</summary>
    public static bool TryGetRejectedCode(ControlPacket packet, out ControlCode rejectedCode, out ControlPacketError error)
    {
        rejectedCode = 0;
        if (packet.Code != ControlCode.CodeReject)
        {
            error = ControlPacketError.UnexpectedCode;
            return false;
        }

        if (packet.Data.IsEmpty)
        {
            error = ControlPacketError.TruncatedData;
            return false;
        }

        rejectedCode = (ControlCode)packet.Data.Span[0];
        error = ControlPacketError.None;
        return true;
    }
}
