using System.Net;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Persistence;
using Concentrator.Dataplane;
using Concentrator.Dataplane.Control;
using Concentrator.Dataplane.Gre;
using Concentrator.Dataplane.Lan;
using Concentrator.Dataplane.Tun;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Sessions;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.Policy;

namespace Concentrator.Node.Configuration;

/// <summary>Turns a validated <see cref="ConcentratorConfig"/> into the settings of each layer.</summary>
public static class ConfigMapping
{
    public static SessionSettings Sessions(ConcentratorConfig c) =>
        new(new IpcpSettings(IPAddress.Parse(c.Tunnel.LocalAddress))
        {
            PrimaryDns = Nth(c.Tunnel.Dns, 0),
            SecondaryDns = Nth(c.Tunnel.Dns, 1),
            PrimaryNbns = Nth(c.Tunnel.Wins, 0),
            SecondaryNbns = Nth(c.Tunnel.Wins, 1),
        })
        {
            Control = new ControlSettings { HostName = c.Node.Id },
            Lcp = LcpSettings.Default with { Mru = (ushort)c.Lcp.Mru },
            LcpEchoInterval = c.Lcp.EchoInterval,
            LcpEchoFailures = c.Lcp.EchoFailures,
            Auth = new AuthSettings { Name = c.Node.Id },
            Ccp = new CcpSettings
            {
                AllowedKeyLengths = MppeBits.Key128 | (c.Mppe.Allow56Bit ? MppeBits.Key56 : 0) | (c.Mppe.Allow40Bit ? MppeBits.Key40 : 0),
                AllowStateful = c.Mppe.AllowStateful,
            },
            Mtu = (ushort)TunMtu(c),
            Policy = new SessionPolicy
            {
                OneSessionPerUser = c.Policy.OneSessionPerUser switch
                {
                    "deny-new" => OneSessionPerUser.DenyNew,
                    "replace-old" => OneSessionPerUser.ReplaceOld,
                    _ => OneSessionPerUser.Off,
                },
                IdleTimeout = c.Policy.IdleTimeout,
                SessionTimeout = c.Policy.SessionTimeout,
                SetupTimeout = c.Policy.SetupTimeout,
                NoGreTimeout = c.Policy.NoGreTimeout,
            },
        };

    public static ClusterEndpoint Cluster(ConcentratorConfig c) =>
        new(c.Cluster.Hostname, c.Cluster.Port, c.Cluster.SeedNodes) { DownAfter = c.Cluster.DownAfter };

    public static BruteForceSettings BruteForce(ConcentratorConfig c) => new()
    {
        Enabled = c.Policy.BruteForce.Enabled,
        MaxFailures = c.Policy.BruteForce.MaxFailures,
        Window = c.Policy.BruteForce.Window,
        BanDuration = c.Policy.BruteForce.BanDuration,
    };

    /// <summary>
    /// The pools, and how they are handed to nodes: blocks of a sixteenth of the addresses (8 to 64, a power of
    /// two), asked for while a node still has a block's worth free, so a node leasing 2,000 addresses a second
    /// seldom waits for the coordinator, and a small pool is still shared by several nodes.
    /// </summary>
    public static AddressPoolSettings Pools(ConcentratorConfig c)
    {
        var pools = c.Pools.Select(p => AddressPoolDefinition.Parse(p.Name, p.Range, p.Exclude)).ToList();
        var block = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, pools.Sum(p => p.UsableCount) / 16)), 8, 64);
        return new AddressPoolSettings(pools, BlockSize: block, LowWatermark: block, HighWatermark: 4 * block).Validate();
    }

    public static PersistenceSettings Persistence(ConcentratorConfig c) => c.Database.Provider == "postgresql"
        ? PersistenceSettings.PostgreSql(c.Database.PostgreSql)
        : PersistenceSettings.Sqlite(Path.GetFullPath(Path.Combine(c.Node.DataDirectory, c.Database.SqliteFile)));

    public static DataplaneSettings Dataplane(ConcentratorConfig c, AddressPoolSettings pools) =>
        new(new TunSettings(IPAddress.Parse(c.Tunnel.LocalAddress)) { Name = c.Tunnel.Interface, Mtu = TunMtu(c), Queues = c.Tunnel.Queues })
        {
            Listener = new ListenerSettings
            {
                Address = IPAddress.Parse(c.Listen.Address),
                Port = c.Listen.Port,
                MaxConnectionsPerSource = c.Listen.MaxConnectionsPerSource,
                MaxConnectionsInSetup = c.Listen.MaxConnectionsInSetup,
                MaxConnections = c.Listen.MaxConnections,
            },
            Gre = new GreSettings { BindAddress = c.Listen.Address == "0.0.0.0" ? null : IPAddress.Parse(c.Listen.Address) },
            Lan = new LanAccessSettings(pools.Pools.SelectMany(p => Prefixes(p.First, p.Last)).ToList())
            {
                LanInterface = string.IsNullOrWhiteSpace(c.Lan.Interface) ? null : c.Lan.Interface,
                ProxyArp = c.Lan.ProxyArp,
                EnableForwarding = c.Lan.EnableForwarding,
            },
        };

    /// <summary>
    /// The TUN device's MTU: the configured one, but never more than fits the MRU we ask clients for once
    /// MPPE's 4 bytes (RFC 3078 header and protocol field) are added, so the kernel fragments or sends
    /// "fragmentation needed" instead of the tunnel dropping the packet.
    /// </summary>
    public static int TunMtu(ConcentratorConfig c) => Math.Min(c.Tunnel.Mtu, c.Lcp.Mru - 4);

    /// <summary>The shortest list of CIDR prefixes that covers first..last exactly (routes for a range pool).</summary>
    public static IEnumerable<Ipv4Prefix> Prefixes(uint first, uint last)
    {
        var next = (ulong)first;
        while (next <= last)
        {
            var length = 32;
            while (length > 0)
            {
                var size = 1UL << (32 - (length - 1));
                if (next % size != 0 || next + size - 1 > last) break;
                length--;
            }
            yield return new Ipv4Prefix((uint)next, length);
            next += 1UL << (32 - length);
        }
    }

    private static IPAddress? Nth(List<string> servers, int index) => servers.Count > index ? IPAddress.Parse(servers[index]) : null;
}
