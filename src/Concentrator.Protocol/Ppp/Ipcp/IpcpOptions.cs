using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Concentrator.Protocol.Ppp.Ipcp;

/// <summary>IP-Compression-Protocol option value (RFC 1332 §3.2).</summary>
public readonly record struct IpCompressionProtocol(ushort Protocol, ReadOnlyMemory<byte> Data);

/// <summary>Typed views of IPCP options. Readers return false for another type or a malformed Length, and never throw.</summary>
public static class IpcpOptions
{
    private const int AddressLength = 4;

    /// <summary>IP-Address (3), or one of the address-valued RFC 1877 options (129–132).</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not IPv4.</exception>
    public static PppOption Address(IpcpOptionType type, IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("IPCP carries IPv4 addresses only.", nameof(address));
        }

        return new PppOption((byte)type, address.GetAddressBytes());
    }

    /// <summary>Reads a four-octet address option of the given type.</summary>
    public static bool TryReadAddress(PppOption option, IpcpOptionType type, out IPAddress address)
    {
        address = IPAddress.Any;
        if (option.Type != (byte)type || option.Data.Length != AddressLength)
        {
            return false;
        }

        address = new IPAddress(option.Data.Span);
        return true;
    }

    /// <summary>The deprecated IP-Addresses option (RFC 1332 §3.1).</summary>
    public static PppOption IpAddresses(IPAddress source, IPAddress destination)
    {
        var data = new byte[2 * AddressLength];
        Address(IpcpOptionType.IpAddress, source).Data.Span.CopyTo(data);
        Address(IpcpOptionType.IpAddress, destination).Data.Span.CopyTo(data.AsSpan(AddressLength));
        return new PppOption((byte)IpcpOptionType.IpAddresses, data);
    }

    public static bool TryReadIpAddresses(PppOption option, out IPAddress source, out IPAddress destination)
    {
        source = IPAddress.Any;
        destination = IPAddress.Any;
        if (option.Type != (byte)IpcpOptionType.IpAddresses || option.Data.Length != 2 * AddressLength)
        {
            return false;
        }

        source = new IPAddress(option.Data.Span[..AddressLength]);
        destination = new IPAddress(option.Data.Span[AddressLength..]);
        return true;
    }

    /// <summary>RFC 1332 §3.2.</summary>
    public static PppOption IpCompressionProtocol(ushort protocol, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[2 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, protocol);
        data.CopyTo(bytes.AsSpan(2));
        return new PppOption((byte)IpcpOptionType.IpCompressionProtocol, bytes);
    }

    public static bool TryReadIpCompressionProtocol(PppOption option, out IpCompressionProtocol value)
    {
        value = default;
        if (option.Type != (byte)IpcpOptionType.IpCompressionProtocol || option.Data.Length < 2)
        {
            return false;
        }

        value = new IpCompressionProtocol(BinaryPrimitives.ReadUInt16BigEndian(option.Data.Span), option.Data[2..]);
        return true;
    }
}
