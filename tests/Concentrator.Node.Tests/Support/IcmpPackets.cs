using System.Buffers.Binary;
using System.Net;

namespace Concentrator.Node.Tests.Support;

/// <summary>ICMP echo packets (RFC 792) with valid checksums, for pings through the tunnel.</summary>
internal static class IcmpPackets
{
    public static byte[] EchoRequest(IPAddress source, IPAddress destination, ushort id, ushort sequence, int dataLength = 56) =>
        Echo(8, source, destination, id, sequence, new byte[dataLength]);

    /// <summary>The reply a host gives to <paramref name="request"/>: addresses swapped, type 0, same id, sequence and data.</summary>
    public static byte[] ReplyTo(byte[] request)
    {
        var headerLength = (request[0] & 0x0F) * 4;
        return Echo(0, new IPAddress(request.AsSpan(16, 4)), new IPAddress(request.AsSpan(12, 4)),
            BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(headerLength + 4)),
            BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(headerLength + 6)),
            request.AsSpan(headerLength + 8).ToArray());
    }

    public static bool IsEchoRequest(byte[] packet) => packet.Length >= 28 && packet[9] == 1 && packet[(packet[0] & 0x0F) * 4] == 8;

    public static bool IsEchoReply(byte[] packet, ushort id) =>
        packet.Length >= 28 && packet[9] == 1 && packet[(packet[0] & 0x0F) * 4] == 0
        && BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan((packet[0] & 0x0F) * 4 + 4)) == id;

    private static byte[] Echo(byte type, IPAddress source, IPAddress destination, ushort id, ushort sequence, byte[] data)
    {
        var packet = new byte[28 + data.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 1;
        source.TryWriteBytes(packet.AsSpan(12), out _);
        destination.TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));
        packet[20] = type;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), id);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(26), sequence);
        data.CopyTo(packet, 28);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), Checksum(packet.AsSpan(20)));
        return packet;
    }

    private static ushort Checksum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < bytes.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
        if ((bytes.Length & 1) == 1) sum += (uint)bytes[^1] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
