using System.Globalization;
using System.Net;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Lan;

/// <summary>An IPv4 network such as 10.8.0.0/24, host bits cleared; addresses in <see cref="Ipv4"/> form.</summary>
public readonly record struct Ipv4Prefix
{
    public Ipv4Prefix(uint address, int length)
    {
        Mask = Ipv4.PrefixToMask(length);
        Network = address & Mask;
        Length = length;
    }

    public Ipv4Prefix(IPAddress address, int length)
        : this(Ipv4.ToUInt32(address), length)
    {
    }

    public uint Network { get; }

    public int Length { get; }

    public uint Mask { get; }

    public IPAddress NetworkAddress => Ipv4.ToIPAddress(Network);

    /// <summary>Parses "10.8.0.0/24" (host bits are cleared) or a single address as a /32.</summary>
    public static Ipv4Prefix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        var length = 32;
        if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32)))
        {
            throw new FormatException($"\"{text}\" is not an IPv4 prefix such as 10.8.0.0/24");
        }
        return new Ipv4Prefix(address, length);
    }

    public bool Contains(uint address) => (address & Mask) == Network;

    /// <summary>True when every address of <paramref name="other"/> is in this prefix.</summary>
    public bool Contains(Ipv4Prefix other) => other.Length >= Length && Contains(other.Network);

    /// <summary>True when the two prefixes share an address.</summary>
    public bool Overlaps(Ipv4Prefix other) => Contains(other) || other.Contains(this);

    public override string ToString() => $"{NetworkAddress}/{Length}";
}
