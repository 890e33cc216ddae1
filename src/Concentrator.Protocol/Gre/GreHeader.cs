using System.Buffers.Binary;
using Concentrator.Protocol.Ip;

namespace Concentrator.Protocol.Gre;

/// <summary>
/// The enhanced GRE header of PPTP data packets (RFC 2637 §4.1):
/// <code>
/// |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
/// |    Key (HW) Payload Length    |       Key (LW) Call ID        |
/// |                  Sequence Number (Optional)                   |
/// |               Acknowledgment Number (Optional)                |
/// </code>
/// C=0, R=0, K=1, s=0, Recur=0, Ver=1, Protocol Type 0x880B; the Call ID is the one the receiving
/// peer assigned. Decoding and encoding allocate nothing and never throw on received bytes.
/// </summary>
public static class GreHeader
{
    /// <summary>Protocol Type of PPTP's GRE packets: PPP.</summary>
    public const ushort PppProtocolType = 0x880B;

    /// <summary>Header size without the optional Sequence and Acknowledgment Numbers.</summary>
    public const int MinimumSize = 8;

    /// <summary>Header size with both optional numbers.</summary>
    public const int MaximumSize = 16;

    private const ushort ChecksumPresent = 0x8000;
    private const ushort RoutingPresent = 0x4000;
    private const ushort KeyPresent = 0x2000;
    private const ushort SequencePresent = 0x1000;
    private const ushort StrictSourceRoute = 0x0800;
    private const ushort RecursionControl = 0x0700;
    private const ushort AckPresent = 0x0080;
    private const ushort VersionMask = 0x0007;
    private const ushort EnhancedVersion = 1;

    /// <summary>Header length for the given optional fields: 8, 12 or 16.</summary>
    public static int SizeOf(bool hasSequence, bool hasAck) =>
        MinimumSize + (hasSequence ? 4 : 0) + (hasAck ? 4 : 0);

    /// <summary>
    /// Decodes the GRE packet at the start of <paramref name="gre"/>. The key's Payload Length is
    /// authoritative: it must fit in the bytes received, and bytes beyond it are ignored. The reserved
    /// Flags bits 9–12 are ignored (they do not change the layout); C, R, s and Recur must be zero.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> gre, out GrePacket packet, out GreError error)
    {
        packet = default;
        if (gre.Length < 4)
        {
            error = GreError.Truncated;
            return false;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(gre);
        if ((flags & VersionMask) != EnhancedVersion)
        {
            error = GreError.BadVersion;
            return false;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(gre[2..]) != PppProtocolType)
        {
            error = GreError.BadProtocolType;
            return false;
        }

        if ((flags & KeyPresent) == 0)
        {
            error = GreError.KeyNotPresent;
            return false;
        }

        if ((flags & (ChecksumPresent | RoutingPresent | StrictSourceRoute | RecursionControl)) != 0)
        {
            error = GreError.UnsupportedFlags;
            return false;
        }

        bool hasSequence = (flags & SequencePresent) != 0;
        bool hasAck = (flags & AckPresent) != 0;
        int headerLength = SizeOf(hasSequence, hasAck);
        if (gre.Length < headerLength)
        {
            error = GreError.Truncated;
            return false;
        }

        ushort payloadLength = BinaryPrimitives.ReadUInt16BigEndian(gre[4..]);
        if (payloadLength > gre.Length - headerLength)
        {
            error = GreError.PayloadLengthExceedsPacket;
            return false;
        }

        ushort callId = BinaryPrimitives.ReadUInt16BigEndian(gre[6..]);
        int offset = MinimumSize;
        uint sequence = 0;
        if (hasSequence)
        {
            sequence = BinaryPrimitives.ReadUInt32BigEndian(gre[offset..]);
            offset += 4;
        }

        uint ack = hasAck ? BinaryPrimitives.ReadUInt32BigEndian(gre[offset..]) : 0;
        packet = new GrePacket(callId, hasSequence, sequence, hasAck, ack, headerLength, gre.Slice(headerLength, payloadLength));
        error = GreError.None;
        return true;
    }

    /// <summary>
    /// Decodes a packet as the Linux GRE raw socket delivers it: an IPv4 header (RFC 791), then the GRE
    /// header at IHL × 4. The IPv4 packet must be exactly <paramref name="ipPacket"/>, carry protocol 47
    /// and not be a fragment (the kernel reassembles fragments before the raw socket sees them).
    /// </summary>
    public static bool TryDecodeIpv4(ReadOnlySpan<byte> ipPacket, out Ipv4Header ip, out GrePacket packet, out GreError error)
    {
        packet = default;
        if (!Ipv4Header.TryDecode(ipPacket, out ip, out Ipv4Error ipError))
        {
            error = ipError switch
            {
                Ipv4Error.BadVersion => GreError.Ipv4BadVersion,
                Ipv4Error.BadHeaderLength => GreError.Ipv4BadHeaderLength,
                Ipv4Error.TotalLengthMismatch => GreError.Ipv4TotalLengthMismatch,
                _ => GreError.Ipv4Truncated,
            };
            return false;
        }

        if (ip.IsFragment)
        {
            error = GreError.Ipv4Fragment;
            return false;
        }

        if (ip.Protocol != IpProtocol.Gre)
        {
            error = GreError.NotGre;
            return false;
        }

        return TryDecode(ipPacket[ip.HeaderLength..], out packet, out error);
    }

    /// <summary>
    /// Writes an enhanced GRE header for a packet to the peer: <paramref name="peerCallId"/> is the call
    /// ID the peer assigned (RFC 2637 §4.1). S is set iff <paramref name="hasSequence"/>, A iff
    /// <paramref name="hasAck"/>; the payload of <paramref name="payloadLength"/> bytes goes right after
    /// the header. Returns the header length: 8, 12 or 16.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the header.</exception>
    public static int Write(Span<byte> destination, ushort peerCallId, ushort payloadLength, bool hasSequence, uint sequence, bool hasAck, uint ack)
    {
        int headerLength = SizeOf(hasSequence, hasAck);
        if (destination.Length < headerLength)
        {
            throw new ArgumentException($"The GRE header needs {headerLength} bytes, destination has {destination.Length}.", nameof(destination));
        }

        ushort flags = (ushort)(KeyPresent | EnhancedVersion | (hasSequence ? SequencePresent : 0) | (hasAck ? AckPresent : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination, flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], PppProtocolType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], payloadLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], peerCallId);
        int offset = MinimumSize;
        if (hasSequence)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], sequence);
            offset += 4;
        }

        if (hasAck)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ack);
        }

        return headerLength;
    }
}
