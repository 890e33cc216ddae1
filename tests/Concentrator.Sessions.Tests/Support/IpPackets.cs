using System.Buffers.Binary;
using System.Net;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>Builds IPv4/UDP packets with valid checksums for the data-path tests.</summary>
public static class IpPackets
{
    public static byte[] Udp(IPAddress source, IPAddress destination, int payloadLength, byte fill)
    {
        var packet = new byte[28 + payloadLength];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        source.TryWriteBytes(packet.AsSpan(12), out _);
        destination.TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 9);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payloadLength));
        packet.AsSpan(28).Fill(fill);
        return packet;
    }

    public static IPAddress Source(byte[] packet) => new(packet.AsSpan(12, 4));

    public static IPAddress Destination(byte[] packet) => new(packet.AsSpan(16, 4));

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
