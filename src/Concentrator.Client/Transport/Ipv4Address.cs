using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Concentrator.Client.Transport;

/// <summary>IPv4 addresses as the big-endian numbers of the receive path: a.b.c.d is a &lt;&lt; 24 | b &lt;&lt; 16 | c &lt;&lt; 8 | d.</summary>
public static class Ipv4Address
{
    /// <exception cref="ArgumentException">Not an IPv4 address.</exception>
    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException($"{address} is not an IPv4 address.", nameof(address));
        }
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }
}
