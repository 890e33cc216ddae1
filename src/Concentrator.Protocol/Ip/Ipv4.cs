using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Concentrator.Protocol.Ip;

/// <summary>
/// IPv4 addresses as <see cref="uint"/> in host order, the most significant byte first in the dotted form:
/// 10.0.0.1 is 0x0A000001, as <see cref="Ipv4Header.Source"/> reads the header. The data path, the route and
/// GRE demux tables and the pool arithmetic pass these instead of <see cref="IPAddress"/> objects.
/// </summary>
public static class Ipv4
{
    /// <summary>The address as a number, without allocating.</summary>
    /// <exception cref="ArgumentException">The address is not IPv4 (the tunnel is IPv4 only, RFC 1332).</exception>
    public static uint ToUInt32(IPAddress address) =>
        TryToUInt32(address, out var value) ? value : throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));

    /// <summary>The address as a number; false for an IPv6 address.</summary>
    public static bool TryToUInt32(IPAddress address, out uint value)
    {
        ArgumentNullException.ThrowIfNull(address);
        value = 0;
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    /// <summary>The address for a number.</summary>
    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    /// <summary>Dotted-quad text for a number.</summary>
    public static string Format(uint address) => ToIPAddress(address).ToString();

    /// <summary>Parses dotted-quad IPv4 text (surrounding white space allowed); false for anything else (IPv6, host names, junk).</summary>
    public static bool TryParse(string? text, out uint address)
    {
        address = 0;
        return text is not null && IPAddress.TryParse(text.Trim(), out var parsed) && text.Count(c => c == '.') == 3
            && TryToUInt32(parsed, out address);
    }

    /// <summary>The netmask of a prefix length: 24 gives 0xFFFFFF00.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 to 32.</exception>
    public static uint PrefixToMask(int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        return prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
    }
}
