using System.Net;
using System.Net.Sockets;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tun;

/// <summary>The TUN device the sessions' IP packets go through.</summary>
/// <param name="Address">The concentrator's own address on the tunnel (the IPCP local address, RFC 1332 §3.3).</param>
public sealed record TunSettings(IPAddress Address)
{
    /// <summary>The smallest tunnel MTU: the datagram size every IPv4 host must accept (RFC 791 §3.1, "576 octets").</summary>
    public const int MinMtu = 576;

    /// <summary>
    /// The largest tunnel MTU: the Ethernet MTU (RFC 894). Anything larger only makes each GRE packet a pair of
    /// fragments on a 1500-byte path, and the MRU the call negotiates (RFC 1661 §6.1) is capped the same way.
    /// </summary>
    public const int MaxMtu = 1500;

    /// <summary>The interface name; a "%d" in it lets the kernel number it ("pptp%d" → pptp0).</summary>
    public string Name { get; init; } = "pptp0";

    /// <summary>The tunnel MTU: 1400 by default so that GRE packets fit a 1500-byte path unfragmented.</summary>
    public int Mtu { get; init; } = 1400;

    /// <summary>Prefix length of <see cref="Address"/>; /32 by default, the pools are routed into the device by <see cref="Lan.LanAccess"/>.</summary>
    public int PrefixLength { get; init; } = 32;

    /// <summary>Queues, one reader thread each (IFF_MULTI_QUEUE when more than one): the processor count, at most 8.</summary>
    public int Queues { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address, nameof(Address));
        if (Address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"the tunnel address {Address} is not an IPv4 address", nameof(Address));
        }
        InterfaceName.Validate(Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, MinMtu, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Mtu, MaxMtu, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfNegative(PrefixLength, nameof(PrefixLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PrefixLength, 32, nameof(PrefixLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(Queues, 1, nameof(Queues));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Queues, TunDevice.MaxQueues, nameof(Queues));
    }
}
