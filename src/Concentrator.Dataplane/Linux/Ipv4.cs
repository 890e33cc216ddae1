using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// IPv4 addresses as <see cref="uint"/> in host order, the most significant byte first in the dotted
/// form: 10.0.0.1 is 0x0A000001. The data path passes these instead of <see cref="IPAddress"/> objects.
/// </summary>
public static class Ipv4
{
    /// <summary>Converts an IPv4 <see cref="IPAddress"/> without allocating.</summary>
    public static uint ToUInt32(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    /// <summary>The netmask of a prefix length: 24 gives 0xFFFFFF00.</summary>
    public static uint PrefixToMask(int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        return prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
    }

    /// <summary>The value as it sits in a sockaddr_in (network order in memory).</summary>
    internal static uint ToNetworkOrder(uint address) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(address) : address;

    internal static uint FromNetworkOrder(uint address) => ToNetworkOrder(address);
}
