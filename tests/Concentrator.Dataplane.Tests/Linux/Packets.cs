using System.Buffers.Binary;
using System.Net;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>Test-side packet builders (independent of the code under test).</summary>
internal static class Packets
{
    public const int IpHeaderLength = 20;

    /// <summary>
    /// Enhanced GRE as RFC 2637 §4.1 lays it out: flags K and S set (0x30), version 1, protocol
    /// 0x880B (PPP), payload length, the peer's call ID, sequence number; then the payload.
    /// </summary>
    public static byte[] Gre(ushort callId, uint sequence, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x30;
        packet[1] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 0x880B);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)payload.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), callId);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), sequence);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    /// <summary>Deterministic payload bytes for packet <paramref name="seed"/>.</summary>
    public static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++)
        {
            payload[i] = (byte)(i * 31 + seed * 7 + 1);
        }
        return payload;
    }

    /// <summary>RFC 1071 Internet checksum (ones' complement of the ones' complement sum).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        var sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>An IPv4 + UDP datagram with both checksums computed (RFC 791, RFC 768).</summary>
    public static byte[] Udp(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[IpHeaderLength + 8 + payload.Length];
        WriteIpHeader(packet, 17, source, destination);
        var udp = packet.AsSpan(IpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        payload.CopyTo(udp[8..]);
        // pseudo-header: source, destination, zero, protocol, UDP length
        var pseudo = (Ipv4.ToUInt32(source) >> 16) + (Ipv4.ToUInt32(source) & 0xFFFF)
            + (Ipv4.ToUInt32(destination) >> 16) + (Ipv4.ToUInt32(destination) & 0xFFFF) + 17u + (uint)udp.Length;
        var checksum = Checksum(udp, pseudo);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return packet;
    }

    /// <summary>Turns an ICMP echo request (RFC 792) into its echo reply: addresses swapped, type 0, checksums redone.</summary>
    public static byte[] EchoReplyTo(ReadOnlySpan<byte> request)
    {
        var headerLength = (request[0] & 0x0F) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(request[2..]);
        var reply = request[..totalLength].ToArray();
        request.Slice(12, 4).CopyTo(reply.AsSpan(16));
        request.Slice(16, 4).CopyTo(reply.AsSpan(12));
        reply[8] = 64;
        reply[10] = 0;
        reply[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(10), Checksum(reply.AsSpan(0, headerLength)));
        var icmp = reply.AsSpan(headerLength);
        icmp[0] = 0;
        icmp[2] = 0;
        icmp[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(icmp));
        return reply;
    }

    public static bool IsIpv4(ReadOnlySpan<byte> packet, byte protocol) =>
        packet.Length >= IpHeaderLength && packet[0] >> 4 == 4 && packet[9] == protocol;

    public static uint Source(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);

    public static uint Destination(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);

    private static void WriteIpHeader(Span<byte> packet, byte protocol, IPAddress source, IPAddress destination)
    {
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], 0x1234);
        packet[8] = 64;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], Ipv4.ToUInt32(source));
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], Ipv4.ToUInt32(destination));
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], Checksum(packet[..IpHeaderLength]));
    }
}
