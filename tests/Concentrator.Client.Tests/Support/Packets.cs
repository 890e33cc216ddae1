using System.Buffers.Binary;

namespace Concentrator.Client.Tests.Support;

/// <summary>Test IPv4 packets.</summary>
public static class Packets
{
    /// <summary>
    /// An IPv4/UDP packet of <paramref name="length"/> octets (at least 28) from 10.8.0.10 to 10.0.0.7 with a
    /// payload derived from <paramref name="seed"/>. Checksums are left zero: nothing here checks them.
    /// </summary>
    public static byte[] Ip(int length, int seed)
    {
        var packet = new byte[length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)length);
        packet[8] = 64;
        packet[9] = 17;
        new byte[] { 10, 8, 0, 10 }.CopyTo(packet, 12);
        new byte[] { 10, 0, 0, 7 }.CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 5000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 7);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(length - 20));
        for (var i = 28; i < length; i++) packet[i] = (byte)(seed * 31 + i);
        return packet;
    }
}
