using System.Buffers.Binary;

namespace Concentrator.Protocol.Tests.Ip;

/// <summary>
/// Builds IPv4, TCP and GRE test packets field by field, with checksums computed from scratch
/// (RFC 1071 over the whole header / the TCP pseudo-header and segment), independent of the code
/// under test.
/// </summary>
internal static class PacketBuilder
{
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Gre = 47;

    public const byte Syn = 0x02;
    public const byte Ack = 0x10;

    /// <summary>Full RFC 1071 checksum: one's-complement of the one's-complement sum of 16-bit words.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        uint sum = initial;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if ((data.Length & 1) != 0)
        {
            sum += (uint)(data[^1] << 8);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>An IPv4 packet (RFC 791 §3.1) around <paramref name="payload"/>, with a correct header checksum.</summary>
    public static byte[] Ipv4(
        byte protocol,
        ReadOnlySpan<byte> payload,
        uint source = 0x0A000001,
        uint destination = 0x0A000002,
        byte[]? options = null,
        ushort flagsAndFragmentOffset = 0,
        byte timeToLive = 64,
        ushort identification = 0x1234)
    {
        options ??= [];
        int headerLength = 20 + options.Length;
        var packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identification);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndFragmentOffset);
        packet[8] = timeToLive;
        packet[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        options.CopyTo(packet, 20);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, headerLength)));
        payload.CopyTo(packet.AsSpan(headerLength));
        return packet;
    }

    /// <summary>
    /// An IPv4 TCP segment (RFC 9293 §3.1) with the given flags and options (length a multiple of 4)
    /// and a correct TCP checksum over the pseudo-header and the segment.
    /// </summary>
    public static byte[] TcpSegment(
        byte flags,
        byte[] options,
        byte[]? payload = null,
        uint source = 0x0A000001,
        uint destination = 0x0A000002,
        ushort flagsAndFragmentOffset = 0,
        ushort sourcePort = 49152,
        ushort destinationPort = 443,
        uint sequence = 0x01020304)
    {
        payload ??= [];
        Assert.Equal(0, options.Length % 4);
        var tcp = new byte[20 + options.Length + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), sequence);
        tcp[12] = (byte)(((20 + options.Length) / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 64240);
        options.CopyTo(tcp, 20);
        payload.CopyTo(tcp, 20 + options.Length);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(16), TcpChecksum(source, destination, tcp));
        return Ipv4(Tcp, tcp, source, destination, flagsAndFragmentOffset: flagsAndFragmentOffset);
    }

    /// <summary>True when the TCP checksum of an (option-free-or-not) IPv4 TCP packet verifies.</summary>
    public static bool TcpChecksumValid(byte[] ipPacket)
    {
        int headerLength = (ipPacket[0] & 0x0F) * 4;
        uint source = BinaryPrimitives.ReadUInt32BigEndian(ipPacket.AsSpan(12));
        uint destination = BinaryPrimitives.ReadUInt32BigEndian(ipPacket.AsSpan(16));
        return TcpChecksum(source, destination, ipPacket.AsSpan(headerLength)) == 0;
    }

    /// <summary>The value of the first MSS option of an IPv4 TCP packet, found by a plain scan.</summary>
    public static ushort Mss(byte[] ipPacket)
    {
        int tcp = (ipPacket[0] & 0x0F) * 4;
        int end = tcp + ((ipPacket[tcp + 12] >> 4) * 4);
        for (int i = tcp + 20; i < end;)
        {
            switch (ipPacket[i])
            {
                case 0:
                    i = end;
                    break;
                case 1:
                    i++;
                    break;
                case 2:
                    return BinaryPrimitives.ReadUInt16BigEndian(ipPacket.AsSpan(i + 2));
                default:
                    i += ipPacket[i + 1];
                    break;
            }
        }

        throw new InvalidOperationException("no MSS option");
    }

    private static ushort TcpChecksum(uint source, uint destination, ReadOnlySpan<byte> segment)
    {
        // Pseudo-header: source, destination, zero, protocol, TCP length (RFC 9293 §3.1).
        uint sum = (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + Tcp + (uint)segment.Length;
        return Checksum(segment, sum);
    }
}
