using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Concentrator.Cluster.Addressing;

/// <summary>IPv4 addresses as host-order 32-bit numbers, the form the pool arithmetic uses.</summary>
public static class Ipv4
{
    /// <summary>The address as a number (10.0.0.1 → 0x0A000001).</summary>
    /// <exception cref="ArgumentException">The address is not IPv4 (the tunnel is IPv4 only, RFC 1332).</exception>
    public static uint ToUInt32(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>The address for a number.</summary>
    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>Dotted-quad text for a number.</summary>
    public static string Format(uint value) => ToAddress(value).ToString();

    /// <summary>Parses dotted-quad IPv4 text; false for anything else (IPv6, host names, junk).</summary>
    public static bool TryParse(string? text, out uint value)
    {
        value = 0;
        if (text is null || !IPAddress.TryParse(text.Trim(), out var address)
            || address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
        {
            return false;
        }

        value = ToUInt32(address);
        return true;
    }
}
