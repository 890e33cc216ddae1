namespace Concentrator.Dataplane.Lan;

/// <summary>How clients reach the LAN behind the concentrator.</summary>
/// <param name="Pools">The client address pools; each is routed into the TUN device.</param>
public sealed record LanAccessSettings(IReadOnlyList<Ipv4Prefix> Pools)
{
    /// <summary>The interface facing the LAN (e.g. "eth1"), for proxy ARP; null when the LAN routes the pools to us itself.</summary>
    public string? LanInterface { get; init; }

    /// <summary>
    /// Answer ARP on <see cref="LanInterface"/> for client addresses (net.ipv4.conf.IFACE.proxy_arp)
    /// when a pool lies inside that interface's subnet, so LAN hosts find clients without a route.
    /// </summary>
    public bool ProxyArp { get; init; } = true;

    /// <summary>Turn on net.ipv4.ip_forward: without it nothing passes between the TUN device and the LAN.</summary>
    public bool EnableForwarding { get; init; } = true;
}
