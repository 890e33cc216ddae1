using System.Buffers.Binary;

namespace Concentrator.Load;

/// <summary>
/// The IPv4 packets the load generator sends through tunnels: an ICMP echo request per session as its
/// first packet (the LAN host's kernel answers it, so it crosses the node's TUN device both ways), and
/// UDP packets whose payload starts with a send timestamp (Stopwatch ticks, the same clock in every
/// thread of this process) and the sender's session index. Addresses are host-order integers.
/// </summary>
public static class LoadPackets
{
    public const int Ipv4HeaderLength = 20;
    public const int UdpHeaderLength = 8;

    /// <summary>Timestamp (8) + session index (4).</summary>
    public const int StampLength = 12;

    /// <summary>An ICMP echo request (RFC 792) from <paramref name="source"/>, its identifier and sequence carrying <paramref name="session"/>.</summary>
    public static byte[] EchoRequest(uint source, uint destination, int session)
    {
        const int payload = 32;
        var packet = new byte[Ipv4HeaderLength + 8 + payload];
        WriteIpv4Header(packet, source, destination, protocol: 1);
        var icmp = packet.AsSpan(Ipv4HeaderLength);
        icmp[0] = 8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], (ushort)(session >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)session);
        for (var i = 0; i < payload; i++) icmp[8 + i] = (byte)i;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(icmp));
        return packet;
    }

    /// <summary>The session index of an ICMP echo reply, or -1 when the packet is not one.</summary>
    public static int EchoReplySession(ReadOnlySpan<byte> ip)
    {
        if (ip.Length < Ipv4HeaderLength + 8 || ip[9] != 1) return -1;
        var headerLength = (ip[0] & 0x0F) * 4;
        if (ip.Length < headerLength + 8 || ip[headerLength] != 0) return -1;
        var icmp = ip[headerLength..];
        return (BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) << 16) | BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
    }

    /// <summary>
    /// A UDP packet of <paramref name="totalLength"/> bytes (IPv4 header included) with a valid IPv4
    /// header checksum and UDP checksum 0 ("none", RFC 768), its payload to be stamped by <see cref="Stamp"/>.
    /// </summary>
    public static byte[] Udp(uint source, uint destination, ushort sourcePort, ushort destinationPort, int totalLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalLength, Ipv4HeaderLength + UdpHeaderLength + StampLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalLength, ushort.MaxValue);
        var packet = new byte[totalLength];
        WriteIpv4Header(packet, source, destination, protocol: 17);
        var udp = packet.AsSpan(Ipv4HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(totalLength - Ipv4HeaderLength));
        return packet;
    }

    /// <summary>Writes the send time and the session index at the start of a UDP payload.</summary>
    public static void Stamp(Span<byte> payload, long timestamp, int session)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(payload[8..], session);
    }

    /// <summary>Reads a stamp; false when the payload is too short.</summary>
    public static bool TryReadStamp(ReadOnlySpan<byte> payload, out long timestamp, out int session)
    {
        if (payload.Length < StampLength)
        {
            timestamp = 0;
            session = -1;
            return false;
        }
        timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload);
        session = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
        return true;
    }

    /// <summary>The UDP payload of an IPv4 packet to <paramref name="port"/>; empty when it is something else.</summary>
    public static ReadOnlySpan<byte> UdpPayload(ReadOnlySpan<byte> ip, ushort port)
    {
        if (ip.Length < Ipv4HeaderLength + UdpHeaderLength || ip[9] != 17) return default;
        var headerLength = (ip[0] & 0x0F) * 4;
        if (ip.Length < headerLength + UdpHeaderLength || BinaryPrimitives.ReadUInt16BigEndian(ip[(headerLength + 2)..]) != port) return default;
        return ip[(headerLength + UdpHeaderLength)..];
    }

    /// <summary>RFC 1071 one's-complement sum of 16-bit words, complemented.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    private static void WriteIpv4Header(Span<byte> packet, uint source, uint destination, byte protocol)
    {
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], 0x4000); // DF
        packet[8] = 64;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], destination);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], Checksum(packet[..Ipv4HeaderLength]));
    }
}
