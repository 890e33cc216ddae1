using System.Net;
using System.Net.Sockets;
using Concentrator.Cluster.Addressing;
using Concentrator.Dataplane.Tun;
using Concentrator.Protocol.Ip;

namespace Concentrator.Node.Configuration;

/// <summary>
/// Checks a configuration before anything starts. Each problem names its key and says how to fix it,
/// e.g. "tunnel.localAddress: 'x' is not an IPv4 address — write it like 10.77.0.1".
/// </summary>
public static class ConfigValidator
{
    public static IReadOnlyList<string> Validate(ConcentratorConfig config)
    {
        var errors = new List<string>();
        void Fail(string key, string problem, string fix) => errors.Add($"{key}: {problem} — {fix}");

        if (string.IsNullOrWhiteSpace(config.Node.Id) || config.Node.Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            Fail("node.id", $"'{config.Node.Id}' is not a usable node name", "use letters, digits, '-', '_' or '.'");
        if (string.IsNullOrWhiteSpace(config.Node.DataDirectory))
            Fail("node.dataDirectory", "is empty", "give a directory for the database and the operator token, e.g. /var/lib/concentrator");

        if (!IsIpv4(config.Listen.Address))
            Fail("listen.address", $"'{config.Listen.Address}' is not an IPv4 address", "use 0.0.0.0 for all addresses or one of this host's");
        if (config.Listen.Port is < 1 or > 65535)
            Fail("listen.port", $"{config.Listen.Port} is not a TCP port", "PPTP clients dial 1723");
        if (config.Listen.MaxConnectionsPerSource < 1)
            Fail("listen.maxConnectionsPerSource", "must be at least 1", "16 suits clients behind one NAT");
        if (config.Listen.MaxConnectionsInSetup < 1)
            Fail("listen.maxConnectionsInSetup", "must be at least 1", "1000 is a sound default");
        if (config.Listen.MaxConnections < 1)
            Fail("listen.maxConnections", "must be at least 1", "allow one per session you expect (10000 by default)");

        if (string.IsNullOrWhiteSpace(config.Tunnel.Interface) || config.Tunnel.Interface.Length > 15)
            Fail("tunnel.interface", $"'{config.Tunnel.Interface}' is not a Linux interface name", "1 to 15 characters, e.g. pptp0");
        if (config.Tunnel.Queues is < 1 or > 64)
            Fail("tunnel.queues", $"{config.Tunnel.Queues} queues", "use 1 to 64 (one per core is plenty)");
        if (config.Tunnel.Mtu is < TunSettings.MinMtu or > TunSettings.MaxMtu)
            Fail("tunnel.mtu", $"{config.Tunnel.Mtu} is outside {TunSettings.MinMtu}–{TunSettings.MaxMtu}", "1400 avoids fragmenting GRE on a 1500-byte path");
        if (!IsIpv4(config.Tunnel.LocalAddress))
            Fail("tunnel.localAddress", $"'{config.Tunnel.LocalAddress}' is not an IPv4 address", "write it like 10.77.0.1");
        CheckServers("tunnel.dns", config.Tunnel.Dns, Fail);
        CheckServers("tunnel.wins", config.Tunnel.Wins, Fail);

        if (config.Pools.Count == 0)
            Fail("pools", "no address pool", "add one, e.g. { \"name\": \"main\", \"range\": \"10.77.0.0/24\", \"exclude\": [\"10.77.0.1\"] }");
        var definitions = new List<AddressPoolDefinition>();
        for (var i = 0; i < config.Pools.Count; i++)
        {
            var pool = config.Pools[i];
            try
            {
                definitions.Add(AddressPoolDefinition.Parse(pool.Name, pool.Range, pool.Exclude));
            }
            catch (FormatException e)
            {
                Fail($"pools[{i}]", e.Message, "write the range as a CIDR (10.77.0.0/24) or first-last (10.77.0.10-10.77.0.250)");
            }
        }
        if (definitions.Count == config.Pools.Count && definitions.Count > 0)
        {
            try
            {
                new AddressPoolSettings(definitions).Validate();
            }
            catch (ArgumentException e)
            {
                Fail("pools", e.Message, "make the pools disjoint");
            }
            if (IsIpv4(config.Tunnel.LocalAddress))
            {
                Ipv4.TryParse(config.Tunnel.LocalAddress, out var local);
                foreach (var d in definitions.Where(d => d.IsUsable(local)))
                    Fail($"pools ({d.Name})", $"the server's own address {config.Tunnel.LocalAddress} could be handed to a client",
                        $"add \"{config.Tunnel.LocalAddress}\" to the pool's exclude list");
            }
        }

        if (config.Lan.ProxyArp && string.IsNullOrWhiteSpace(config.Lan.Interface))
            Fail("lan.interface", "proxy-ARP is on but no LAN interface is named", "name the interface facing the LAN, e.g. eth1");

        if (config.Policy.OneSessionPerUser is not ("off" or "deny-new" or "replace-old"))
            Fail("policy.oneSessionPerUser", $"'{config.Policy.OneSessionPerUser}'", "use off, deny-new or replace-old");
        if (config.Policy.IdleTimeout < TimeSpan.Zero) Fail("policy.idleTimeout", "is negative", "use 00:00:00 for none, or e.g. 00:30:00");
        if (config.Policy.SessionTimeout < TimeSpan.Zero) Fail("policy.sessionTimeout", "is negative", "use 00:00:00 for none, or e.g. 08:00:00");
        if (config.Policy.SetupTimeout < TimeSpan.FromSeconds(5)) Fail("policy.setupTimeout", "is shorter than 5 s", "60 s lets slow clients finish");
        if (config.Policy.NoGreTimeout < TimeSpan.FromSeconds(1)) Fail("policy.noGreTimeout", "is shorter than 1 s", "10 s is the usual");
        if (config.Policy.BruteForce.MaxFailures < 1) Fail("policy.bruteForce.maxFailures", "must be at least 1", "6 is the usual");
        if (config.Policy.BruteForce.Window <= TimeSpan.Zero) Fail("policy.bruteForce.window", "must be positive", "e.g. 00:15:00");
        if (config.Policy.BruteForce.BanDuration <= TimeSpan.Zero) Fail("policy.bruteForce.banDuration", "must be positive", "e.g. 00:45:00");

        if (config.Lcp.Mru is < 576 or > 1500) Fail("lcp.mru", $"{config.Lcp.Mru} is outside 576–1500", "1400 avoids fragmenting GRE");
        if (config.Lcp.EchoInterval < TimeSpan.FromSeconds(1)) Fail("lcp.echoInterval", "is shorter than 1 s", "10 s is the usual");
        if (config.Lcp.EchoFailures < 1) Fail("lcp.echoFailures", "must be at least 1", "3 is the usual");

        switch (config.Database.Provider)
        {
            case "sqlite" when string.IsNullOrWhiteSpace(config.Database.SqliteFile):
                Fail("database.sqliteFile", "is empty", "give a file name, e.g. concentrator.db");
                break;
            case "postgresql" when string.IsNullOrWhiteSpace(config.Database.PostgreSql):
                Fail("database.postgreSql", "is empty", "give an Npgsql connection string, e.g. Host=db;Database=concentrator;Username=concentrator;Password=…");
                break;
            case "sqlite" or "postgresql":
                break;
            default:
                Fail("database.provider", $"'{config.Database.Provider}'", "use sqlite (one node) or postgresql (a cluster)");
                break;
        }

        if (string.IsNullOrWhiteSpace(config.Cluster.Hostname))
            Fail("cluster.hostname", "is empty", "give the address the other nodes reach this one at (127.0.0.1 for a single node)");
        if (config.Cluster.Port is < 0 or > 65535) Fail("cluster.port", $"{config.Cluster.Port} is not a TCP port", "4053 is the usual");
        if (config.Cluster.DownAfter < TimeSpan.FromSeconds(1)) Fail("cluster.downAfter", "is shorter than 1 s", "10 s is the usual");
        foreach (var seed in config.Cluster.SeedNodes.Where(s => !IsHostPort(s)))
            Fail("cluster.seedNodes", $"'{seed}' is not host:port", "list the nodes to join as host:port, e.g. 10.0.0.11:4053");
        if (IsMultiNode(config) && config.Database.Provider == "sqlite")
            Fail("database.provider", "sqlite is this node's own file and cannot be shared by the nodes of a cluster (its seed nodes name others)",
                "set database.provider to postgresql and database.postgreSql to the cluster's shared database");

        if (!IPEndPoint.TryParse(config.Http.Listen, out var http) || http.Port == 0)
            Fail("http.listen", $"'{config.Http.Listen}' is not address:port", "e.g. 127.0.0.1:9723 (keep it on loopback or a management network)");
        return errors;
    }

    /// <summary>True when the seed nodes name a node other than this one.</summary>
    public static bool IsMultiNode(ConcentratorConfig config) =>
        config.Cluster.SeedNodes.Any(s => s != $"{config.Cluster.Hostname}:{config.Cluster.Port}");

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535;
    }

    private static void CheckServers(string key, List<string> servers, Action<string, string, string> fail)
    {
        if (servers.Count > 2) fail(key, $"{servers.Count} servers", "IPCP carries a primary and a secondary only (RFC 1877)");
        foreach (var s in servers.Where(s => !IsIpv4(s)))
            fail(key, $"'{s}' is not an IPv4 address", "write it like 10.0.0.53");
    }

    private static bool IsIpv4(string? text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork && text!.Count(c => c == '.') == 3;
}
