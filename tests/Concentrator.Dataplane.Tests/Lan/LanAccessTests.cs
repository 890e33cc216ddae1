using System.Net;
using System.Net.Sockets;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Lan;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tests.Support;
using Concentrator.Dataplane.Tun;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;
using Prometheus;

namespace Concentrator.Dataplane.Tests.Lan;

/// <summary>
/// A concentrator namespace with a TUN device and a LAN interface (veth, 10.96.0.1/16) whose other
/// end is a LAN host namespace (10.96.0.2/16); client pools inside and outside the LAN subnet.
/// </summary>
public sealed class LanAccessTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly Ipv4Prefix Inside = Ipv4Prefix.Parse("10.96.5.0/24");
    private static readonly Ipv4Prefix Outside = Ipv4Prefix.Parse("10.95.0.0/24");

    [SkippableFact]
    public void Forwarding_routes_and_proxy_arp_are_set_and_undone_from_any_thread()
    {
        Lab.Require();
        using var lab = new LanLab();
        Assert.Equal("0", lab.Sysctl("net/ipv4/ip_forward"));
        Assert.Equal("0", lab.Sysctl("net/ipv4/conf/cdtlan/proxy_arp"));

        var access = lab.Concentrator.Run(() => LanAccess.Apply(
            new LanAccessSettings([Inside, Outside]) { LanInterface = "cdtlan" }, lab.Tun));

        Assert.Equal("1", lab.Sysctl("net/ipv4/ip_forward"));
        Assert.Equal("1", lab.Sysctl("net/ipv4/conf/cdtlan/proxy_arp"));
        var routes = lab.Routes();
        Assert.Contains("10.96.5.0/24 dev cdttun0", routes);
        Assert.Contains("10.95.0.0/24 dev cdttun0", routes);
        Assert.Equal([Inside, Outside], access.Routes);
        Assert.Contains(access.Report, line => line.StartsWith("turned IPv4 forwarding on", StringComparison.Ordinal));
        Assert.Contains("routed address pool 10.96.5.0/24 into cdttun0", access.Report);
        Assert.Contains(access.Report, line => line.StartsWith("turned proxy ARP on on cdtlan: LAN hosts find clients in 10.96.5.0/24 (inside cdtlan's subnet 10.96.0.0/16)", StringComparison.Ordinal));
        Assert.Contains("address pool 10.95.0.0/24 lies outside cdtlan's subnet 10.96.0.0/16: LAN hosts (or their router) need a route to 10.95.0.0/24 via 10.96.0.1", access.Report);

        // Disposed on this thread, which is not in the namespace: the undo still lands there.
        access.Dispose();
        access.Dispose();
        Assert.Equal("0", lab.Sysctl("net/ipv4/conf/cdtlan/proxy_arp"));
        Assert.Equal("1", lab.Sysctl("net/ipv4/ip_forward"));
        routes = lab.Routes();
        Assert.DoesNotContain("10.96.5.0/24", routes);
        Assert.DoesNotContain("10.95.0.0/24", routes);
    }

    [SkippableFact]
    public void A_lan_host_reaches_a_client_address_through_proxy_arp_and_the_tun()
    {
        Lab.Require();
        using var lab = new LanLab();
        using var access = lab.Concentrator.Run(() => LanAccess.Apply(new LanAccessSettings([Inside]) { LanInterface = "cdtlan" }, lab.Tun));
        var routes = new RouteTable();
        var session = CreateTestProbe();
        var client = IPAddress.Parse("10.96.5.7");
        routes.Set(client, session.Ref);
        using var pump = new TunPump(lab.Tun, 0, routes, new SessionMetrics(Metrics.NewCustomRegistry()));
        pump.Start();

        // The LAN host sees 10.96.5.7 as on its own subnet: it asks ARP, the concentrator answers
        // for it, forwards the datagram into the TUN, and the session gets it.
        using var host = lab.LanHost.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var payload = Packets.Payload(64, seed: 5);
        host.SendTo(payload, new IPEndPoint(client, 9000));

        var (packets, _) = BatchCollector.Collect(session, 1, PacketBatchKind.IpToPeer, Patience);
        Assert.Equal(Ipv4.ToUInt32(IPAddress.Parse("10.96.0.2")), Packets.Source(packets[0]));
        Assert.Equal(Ipv4.ToUInt32(client), Packets.Destination(packets[0]));
        Assert.Equal(payload, packets[0].AsSpan(28).ToArray());
        var neighbours = IpCommand.Run(lab.LanHost.Name, "neigh", "show", "10.96.5.7").EnsureSuccess().StandardOutput;
        Assert.Contains("lladdr", neighbours, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Proxy_arp_off_or_a_missing_lan_interface_is_spelled_out()
    {
        Lab.Require();
        using var lab = new LanLab();
        using (var access = lab.Concentrator.Run(() => LanAccess.Apply(
            new LanAccessSettings([Inside]) { LanInterface = "cdtlan", ProxyArp = false, EnableForwarding = false }, lab.Tun)))
        {
            Assert.Contains("IPv4 forwarding (net.ipv4.ip_forward) is off: clients reach this host but not the LAN behind it", access.Report);
            Assert.Contains("address pool 10.96.5.0/24 lies inside cdtlan's subnet 10.96.0.0/16 but proxy ARP is off: LAN hosts will not find client addresses", access.Report);
            Assert.Equal("0", lab.Sysctl("net/ipv4/conf/cdtlan/proxy_arp"));
        }

        var error = Assert.Throws<DataplaneException>(() => lab.Concentrator.Run(() => LanAccess.Apply(
            new LanAccessSettings([Inside]) { LanInterface = "cdtnone" }, lab.Tun)));
        Assert.StartsWith("the LAN interface cdtnone has no usable IPv4 address: ", error.Message);
        Assert.Contains("there is no interface \"cdtnone\"", error.Message);
        // What was done before the failure was undone.
        Assert.DoesNotContain("10.96.5.0/24", lab.Routes());
    }

    /// <summary>The concentrator's namespace (TUN cdttun0, LAN interface cdtlan 10.96.0.1/16) and a LAN host's (10.96.0.2/16).</summary>
    private sealed class LanLab : IDisposable
    {
        private readonly List<IDisposable> _owned = [];

        public LanLab()
        {
            try
            {
                Concentrator = Own(NetworkNamespace.CreateUnique());
                LanHost = Own(NetworkNamespace.CreateUnique());
                Own(VethPair.Create("cdtlan", Concentrator.Name, "cdthost", LanHost.Name)).AssignAddresses("10.96.0.1/16", "10.96.0.2/16");
                Tun = Own(Concentrator.Run(() => TunSetup.Create(new TunSettings(IPAddress.Parse("10.96.5.1")) { Name = "cdttun0", Queues = 1 })));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public NetworkNamespace Concentrator { get; } = null!;

        public NetworkNamespace LanHost { get; } = null!;

        public TunDevice Tun { get; } = null!;

        public string Sysctl(string name) => Concentrator.Run(() => Dataplane.Linux.Sysctl.Read(name));

        public string Routes() => IpCommand.Run(Concentrator.Name, "-4", "route", "show").EnsureSuccess().StandardOutput;

        public void Dispose()
        {
            for (var i = _owned.Count - 1; i >= 0; i--)
            {
                _owned[i].Dispose();
            }
        }

        private T Own<T>(T disposable) where T : IDisposable
        {
            _owned.Add(disposable);
            return disposable;
        }
    }
}
