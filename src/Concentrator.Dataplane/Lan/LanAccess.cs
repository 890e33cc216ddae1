using System.Numerics;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Ip;
using Microsoft.Win32.SafeHandles;

namespace Concentrator.Dataplane.Lan;

/// <summary>
/// Makes the LAN behind the concentrator reachable for clients, in the calling thread's network
/// namespace: turns IPv4 forwarding on, routes every address pool into the TUN device, and, for a
/// pool that lies inside the LAN interface's subnet, turns proxy ARP on on that interface so that
/// LAN hosts get an ARP answer for client addresses (the kernel answers for addresses it routes out
/// of another interface). A pool outside the LAN subnet needs a route on the LAN side, which
/// <see cref="Report"/> spells out. <see cref="Dispose"/> removes the routes and turns proxy ARP off
/// again if it was off before; it leaves forwarding on, because other services on the host (containers,
/// other VPNs) may have come to depend on it meanwhile. Dispose may run on any thread: it acts
/// through handles opened in the original namespace.
/// </summary>
public sealed class LanAccess : IDisposable
{
    private readonly KernelRoutes _routes;
    private readonly int _tunIndex;
    private readonly List<Ipv4Prefix> _added = [];
    private readonly List<string> _report = [];
    private SafeFileHandle? _proxyArpToUndo;
    private bool _disposed;

    private LanAccess(KernelRoutes routes, int tunIndex)
    {
        _routes = routes;
        _tunIndex = tunIndex;
    }

    /// <summary>What was done and what the operator still has to do, one line each.</summary>
    public IReadOnlyList<string> Report => _report;

    /// <summary>The routes added into the TUN device.</summary>
    public IReadOnlyList<Ipv4Prefix> Routes => _added;

    /// <summary>
    /// Applies <paramref name="settings"/> for the TUN device <paramref name="tun"/>. On failure what
    /// was done is undone and a <see cref="DataplaneException"/> says what failed.
    /// </summary>
    public static LanAccess Apply(LanAccessSettings settings, TunDevice tun)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tun);
        if (settings.Pools.Count == 0)
        {
            throw new ArgumentException("name at least one address pool", nameof(settings));
        }
        if (settings.LanInterface is not null)
        {
            InterfaceName.Validate(settings.LanInterface);
        }
        KernelRoutes routes;
        try
        {
            routes = KernelRoutes.Open();
        }
        catch (LinuxIoException e)
        {
            throw new DataplaneException($"routes for the client address pools could not be set up: {e.Message}", e);
        }
        var access = new LanAccess(routes, tun.InterfaceIndex);
        try
        {
            access.EnableForwarding(settings.EnableForwarding);
            foreach (var pool in settings.Pools)
            {
                access.AddRoute(pool, tun.Name);
            }
            if (settings.LanInterface is { } lan)
            {
                access.ReachFromLan(settings.Pools, lan, settings.ProxyArp);
            }
            return access;
        }
        catch
        {
            access.Dispose();
            throw;
        }
    }

    /// <summary>Removes the routes added and turns proxy ARP off if it was off before. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var pool in _added)
        {
            try
            {
                _routes.Delete(pool.NetworkAddress, pool.Length, _tunIndex);
            }
            catch (LinuxIoException)
            {
                // The TUN device is gone already, and its routes with it.
            }
        }
        _routes.Dispose();
        if (_proxyArpToUndo is { } handle)
        {
            try
            {
                RandomAccess.Write(handle, "0\n"u8, 0);
            }
            catch (IOException)
            {
                // The LAN interface is gone, and its setting with it.
            }
            handle.Dispose();
        }
    }

    private void EnableForwarding(bool enable)
    {
        try
        {
            if (Sysctl.GetIpForwarding())
            {
                _report.Add("IPv4 forwarding (net.ipv4.ip_forward) was on already");
            }
            else if (enable)
            {
                Sysctl.SetIpForwarding(true);
                _report.Add("turned IPv4 forwarding on (net.ipv4.ip_forward = 1)");
            }
            else
            {
                _report.Add("IPv4 forwarding (net.ipv4.ip_forward) is off: clients reach this host but not the LAN behind it");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new DataplaneException($"IPv4 forwarding could not be turned on: {e.Message}", e);
        }
    }

    private void AddRoute(Ipv4Prefix pool, string tunName)
    {
        try
        {
            _routes.Add(pool.NetworkAddress, pool.Length, _tunIndex);
        }
        catch (LinuxIoException e)
        {
            throw new DataplaneException($"the route of address pool {pool} into {tunName} could not be added: {e.Message}", e);
        }
        _added.Add(pool);
        _report.Add($"routed address pool {pool} into {tunName}");
    }

    private void ReachFromLan(IReadOnlyList<Ipv4Prefix> pools, string lan, bool proxyArp)
    {
        Ipv4Prefix subnet;
        uint lanAddress;
        try
        {
            using var control = InterfaceControl.Open();
            lanAddress = Ipv4.ToUInt32(control.GetAddress(lan));
            subnet = new Ipv4Prefix(lanAddress, BitOperations.PopCount(Ipv4.ToUInt32(control.GetNetmask(lan))));
        }
        catch (LinuxIoException e)
        {
            throw new DataplaneException($"the LAN interface {lan} has no usable IPv4 address: {e.Message}", e);
        }
        var inside = new List<Ipv4Prefix>();
        foreach (var pool in pools)
        {
            if (subnet.Overlaps(pool))
            {
                inside.Add(pool);
            }
            else
            {
                _report.Add($"address pool {pool} lies outside {lan}'s subnet {subnet}: LAN hosts (or their router) need a route to {pool} via {Ipv4.ToIPAddress(lanAddress)}");
            }
        }
        if (inside.Count == 0)
        {
            return;
        }
        var pooled = string.Join(", ", inside);
        if (!proxyArp)
        {
            _report.Add($"address pool {pooled} lies inside {lan}'s subnet {subnet} but proxy ARP is off: LAN hosts will not find client addresses");
            return;
        }
        try
        {
            if (Sysctl.GetProxyArp(lan))
            {
                _report.Add($"proxy ARP on {lan} was on already: LAN hosts find clients in {pooled}");
                return;
            }
            // Opened now, in this namespace, so that Dispose can turn it off from any thread.
            var handle = File.OpenHandle($"/proc/sys/net/ipv4/conf/{lan}/proxy_arp", FileMode.Open, FileAccess.Write);
            try
            {
                Sysctl.SetProxyArp(lan, true);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
            _proxyArpToUndo = handle;
            _report.Add($"turned proxy ARP on on {lan}: LAN hosts find clients in {pooled} (inside {lan}'s subnet {subnet})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new DataplaneException($"proxy ARP could not be turned on on {lan}: {e.Message}", e);
        }
    }
}
