using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Concentrator.Cluster.Addressing;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Configuration;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Node.Cli.Doctor;

/// <summary>The checks `concentrator doctor` makes on this host (in the network namespace it runs in).</summary>
public static class HostChecks
{
    public static Check Privileges()
    {
        var report = Dataplane.Linux.Privileges.Check();
        return report.IsSufficient
            ? Check.Ok("privileges", report.IsRoot ? "root" : "CAP_NET_ADMIN and CAP_NET_RAW")
            : Check.Warn("privileges", "this shell lacks CAP_NET_ADMIN or CAP_NET_RAW: some checks may be wrong", report.Message);
    }

    /// <summary>Connects to TCP 1723 and says Start-Control-Connection-Request: a node must answer with a reply.</summary>
    public static async Task<Check> PptpListenerAsync(ConcentratorConfig config)
    {
        const string name = "TCP 1723";
        var address = config.Listen.Address == "0.0.0.0" ? IPAddress.Loopback : IPAddress.Parse(config.Listen.Address);
        var endpoint = new IPEndPoint(address, config.Listen.Port);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            var request = new StartControlConnectionRequest(0x0100, FramingCapabilities.Synchronous, BearerCapabilities.Analog, 0, 0, "doctor", "concentrator doctor");
            var bytes = new byte[request.Length];
            request.WriteTo(bytes);
            await socket.SendAsync(bytes, timeout.Token).ConfigureAwait(false);
            var reply = new byte[PptpFramer.MaxMessageLength];
            var read = 0;
            while (PptpFramer.TryFrame(reply.AsSpan(0, read), out var length, out _) is var status && status == PptpFrameStatus.NeedMore)
            {
                var n = await socket.ReceiveAsync(reply.AsMemory(read), timeout.Token).ConfigureAwait(false);
                if (n == 0) return Check.Fail(name, $"{endpoint} accepted and closed the connection without a PPTP answer",
                    "the source may be banned or over a connection limit (concentrator bans list), or another program holds the port");
                read += n;
            }
            return PptpCodec.TryDecode(reply.AsSpan(0, read), out var message, out _) && message is StartControlConnectionReply sccrp
                ? Check.Ok(name, $"{endpoint} answers PPTP ({sccrp.HostName}, result {sccrp.ResultCode})")
                : Check.Fail(name, $"{endpoint} answers, but not with a Start-Control-Connection-Reply", "another program listens on the PPTP port: stop it");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Check.Fail(name, $"nothing listens on {endpoint}", "start the node (systemctl start concentrator) and check its log");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return Check.Fail(name, $"{endpoint}: {e.Message}", "check listen.address in the configuration and the firewall");
        }
    }

    /// <summary>A raw socket for IP protocol 47 is open (/proc/net/raw): the node can receive GRE.</summary>
    public static Check GreSocket()
    {
        const string name = "GRE";
        var raw = ReadLines("/proc/thread-self/net/raw") ?? ReadLines("/proc/net/raw") ?? [];
        var gre = raw.Skip(1).Any(line =>
        {
            var local = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            return local is not null && local.EndsWith(":002F", StringComparison.OrdinalIgnoreCase);
        });
        return gre
            ? Check.Ok(name, "a raw socket for IP protocol 47 is open; make sure firewalls between clients and this host pass GRE (Windows error 619 when they do not)")
            : Check.Fail(name, "no raw socket for IP protocol 47 is open", "start the node; it opens the GRE socket at start");
    }

    public static Check Tunnel(ConcentratorConfig config, AddressPoolSettings pools)
    {
        var name = $"TUN {config.Tunnel.Interface}";
        try
        {
            using var control = InterfaceControl.Open();
            if (!control.Exists(config.Tunnel.Interface))
                return Check.Fail(name, "the interface does not exist", "start the node; it creates the TUN device at start");
            if (!control.GetFlags(config.Tunnel.Interface).HasFlag(InterfaceFlags.Up))
                return Check.Fail(name, "the interface is down", $"ip link set {config.Tunnel.Interface} up, or restart the node");
            var routes = RoutesVia(config.Tunnel.Interface);
            var missing = pools.Pools.Where(p => !routes.Any(r => (p.First & r.Mask) == r.Network && (p.Last & r.Mask) == r.Network)).ToList();
            return missing.Count == 0
                ? Check.Ok(name, $"up, MTU {control.GetMtu(config.Tunnel.Interface)}, pools routed into it")
                : Check.Fail(name, $"no route for pool {string.Join(", ", missing.Select(p => p.Name))} into the interface",
                    "restart the node (it adds the routes), or add them by hand: ip route add <pool> dev " + config.Tunnel.Interface);
        }
        catch (LinuxIoException e)
        {
            return Check.Fail(name, e.Message, "run doctor as root, in the namespace the node runs in");
        }
    }

    public static Check Forwarding(ConcentratorConfig config)
    {
        const string name = "IP forwarding";
        var on = Sysctl.GetIpForwarding();
        if (on) return Check.Ok(name, "net.ipv4.ip_forward = 1");
        return config.Lan.EnableForwarding
            ? Check.Fail(name, "net.ipv4.ip_forward = 0: clients reach this host but not the LAN", "sysctl -w net.ipv4.ip_forward=1 (the node sets it at start)")
            : Check.Warn(name, "net.ipv4.ip_forward = 0 (lan.enableForwarding is off): clients reach only this host", "turn lan.enableForwarding on if clients should reach the LAN");
    }

    public static Check ProxyArp(ConcentratorConfig config)
    {
        const string name = "proxy-ARP";
        if (!config.Lan.ProxyArp) return Check.Ok(name, "not used (the pool is routed to this host by the LAN's router)");
        return Sysctl.GetProxyArp(config.Lan.Interface)
            ? Check.Ok(name, $"on for {config.Lan.Interface}")
            : Check.Fail(name, $"off for {config.Lan.Interface}: LAN hosts cannot find client addresses",
                $"sysctl -w net.ipv4.conf.{config.Lan.Interface}.proxy_arp=1 (the node sets it at start)");
    }

    public static async Task<Check> DatabaseAsync(ConcentratorConfig config)
    {
        const string name = "database";
        var settings = ConfigMapping.Persistence(config);
        if (settings.SqliteFile is { } file)
            return File.Exists(file)
                ? Check.Ok(name, $"SQLite {file} ({new FileInfo(file).Length / 1024} KiB)")
                : Check.Warn(name, $"SQLite {file} does not exist yet", "it is created at the node's first start");
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(settings.ConnectionString);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            return Check.Ok(name, $"PostgreSQL {connection.ServerVersion} at {connection.Host}:{connection.Port} answers");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Check.Fail(name, $"PostgreSQL does not let this host in: {e.Message}",
                "check database.postgreSql, that the server runs and is reachable, and pg_hba.conf");
        }
    }

    private static IReadOnlyList<string>? ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The IPv4 routes through an interface, from /proc/net/route (addresses little-endian hex).</summary>
    private static List<(uint Network, uint Mask)> RoutesVia(string @interface)
    {
        var routes = new List<(uint, uint)>();
        foreach (var line in (ReadLines("/proc/thread-self/net/route") ?? ReadLines("/proc/net/route") ?? []).Skip(1))
        {
            var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (f.Length < 8 || f[0] != @interface) continue;
            routes.Add((Swap(uint.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                Swap(uint.Parse(f[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
        }
        return routes;
    }

    private static uint Swap(uint littleEndian) => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(littleEndian);
}
