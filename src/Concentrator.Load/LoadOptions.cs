using System.Globalization;
using System.Net;

namespace Concentrator.Load;

/// <summary>
/// What one run of the load generator does. Every loop it drives is bounded in count and in time:
/// <see cref="Sessions"/> setups at <see cref="Rate"/> per second, each within <see cref="SetupTimeout"/>;
/// a hold of <see cref="HoldSeconds"/>; three traffic phases of <see cref="TrafficSeconds"/> each; a
/// teardown within <see cref="TeardownTimeout"/>.
/// </summary>
public sealed record LoadOptions
{
    /// <summary>The node's address (TCP 1723 and GRE).</summary>
    public IPAddress Server { get; init; } = IPAddress.Parse("198.51.100.1");

    /// <summary>Our source addresses in this namespace, used round-robin: one GRE transport (receive thread) each, and their own ephemeral ports.</summary>
    public IReadOnlyList<IPAddress> ClientAddresses { get; init; } = [IPAddress.Parse("198.51.100.2")];

    public string User { get; init; } = "bench";

    public string Password { get; init; } = "bench-password";

    /// <summary>Sessions to set up and hold.</summary>
    public int Sessions { get; init; } = 10_000;

    /// <summary>Sessions set up and hung up before the measured run (JIT tiering, the node's first address blocks); not counted.</summary>
    public int Warmup { get; init; } = 2_000;

    /// <summary>New sessions started per second.</summary>
    public int Rate { get; init; } = 2_000;

    /// <summary>
    /// Calls placed on each control connection (RFC 2637 allows several; Windows and pppd place one). More than
    /// one measures calls held beyond the processes' open-file limits: each connection is one socket at either end.
    /// </summary>
    public int CallsPerConnection { get; init; } = 1;

    /// <summary>Setups in flight at most (started, not yet through their first packet); the pacer waits beyond.</summary>
    public int MaxInFlight { get; init; } = 4_000;

    /// <summary>Bound on one setup, from TCP connect to the first packet back through the tunnel.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long all sessions are held (LCP echo from the node keeps running) before traffic.</summary>
    public int HoldSeconds { get; init; } = 15;

    /// <summary>Sessions that carry traffic, both ways, in the traffic phases.</summary>
    public int TrafficSessions { get; init; } = 64;

    /// <summary>Length of each traffic phase (1400-byte, 64-byte, latency).</summary>
    public int TrafficSeconds { get; init; } = 10;

    /// <summary>Offered packets/s in each direction at 1400-byte packets; 0: as fast as the senders go.</summary>
    public int Pps1400 { get; init; } = 50_000;

    /// <summary>Offered packets/s in each direction at 64-byte payloads; 0: as fast as the senders go.</summary>
    public int Pps64 { get; init; } = 100_000;

    /// <summary>Packets/s in each direction of the latency phase (light load: what the node adds, not queueing).</summary>
    public int LatencyPps { get; init; } = 2_000;

    /// <summary>Seconds of each pause after a warm-up and of each traffic warm-up (0: neither); see <see cref="LoadRun"/>.</summary>
    public int SettleSeconds { get; init; } = 3;

    /// <summary>Client sender threads in the traffic phases.</summary>
    public int SenderThreads { get; init; } = 1;

    /// <summary>Bound on hanging every session up.</summary>
    public TimeSpan TeardownTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The LAN host's namespace: the UDP sink and source live there.</summary>
    public string? LanNamespace { get; init; }

    public IPAddress LanHost { get; init; } = IPAddress.Parse("192.168.60.10");

    /// <summary>The node's namespace (its /metrics is on loopback there).</summary>
    public string? NodeNamespace { get; init; }

    /// <summary>The node's process ID, for RSS and CPU from /proc.</summary>
    public int NodePid { get; init; }

    /// <summary>host:port of the node's /metrics inside its namespace.</summary>
    public string MetricsEndpoint { get; init; } = "127.0.0.1:9723";

    /// <summary>Parses --name value pairs (see <see cref="Usage"/>); throws <see cref="FormatException"/> naming the bad argument.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count) throw new FormatException($"{name} needs a value");
            var value = args[++i];
            o = name switch
            {
                "--server" => o with { Server = Address(name, value) },
                "--client-addresses" => o with { ClientAddresses = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Address(name, v)).ToList() },
                "--user" => o with { User = value },
                "--password" => o with { Password = value },
                "--sessions" => o with { Sessions = Int(name, value, 1) },
                "--warmup" => o with { Warmup = Int(name, value, 0) },
                "--rate" => o with { Rate = Int(name, value, 1) },
                "--calls-per-connection" => o with { CallsPerConnection = Int(name, value, 1) },
                "--max-in-flight" => o with { MaxInFlight = Int(name, value, 1) },
                "--setup-timeout" => o with { SetupTimeout = TimeSpan.FromSeconds(Int(name, value, 1)) },
                "--hold" => o with { HoldSeconds = Int(name, value, 0) },
                "--traffic-sessions" => o with { TrafficSessions = Int(name, value, 0) },
                "--traffic-seconds" => o with { TrafficSeconds = Int(name, value, 1) },
                "--pps-1400" => o with { Pps1400 = Int(name, value, 0) },
                "--pps-64" => o with { Pps64 = Int(name, value, 0) },
                "--latency-pps" => o with { LatencyPps = Int(name, value, 1) },
                "--settle" => o with { SettleSeconds = Int(name, value, 0) },
                "--sender-threads" => o with { SenderThreads = Int(name, value, 1) },
                "--teardown-timeout" => o with { TeardownTimeout = TimeSpan.FromSeconds(Int(name, value, 1)) },
                "--lan-netns" => o with { LanNamespace = value },
                "--lan-host" => o with { LanHost = Address(name, value) },
                "--node-netns" => o with { NodeNamespace = value },
                "--node-pid" => o with { NodePid = Int(name, value, 0) },
                "--metrics" => o with { MetricsEndpoint = value },
                _ => throw new FormatException($"unknown option {name}\n{Usage}"),
            };
        }
        if (o.ClientAddresses.Count == 0) throw new FormatException("--client-addresses: give at least one address");
        if (o.TrafficSessions > o.Sessions) throw new FormatException($"--traffic-sessions {o.TrafficSessions} is more than --sessions {o.Sessions}");
        return o;
    }

    public const string Usage = """
        concentrator-load: sets up sessions against a concentrator node, holds them, pushes traffic, tears down.
        Run it inside the client's network namespace (ip netns exec NS concentrator-load ...).
          --server ADDR              the node (198.51.100.1)
          --client-addresses A,B     our source addresses, round-robin (198.51.100.2)
          --user NAME --password PW  the account every session logs in with
          --sessions N               sessions to set up and hold (10000)
          --warmup N                 sessions set up and hung up first, not counted (2000)
          --rate N                   setups started per second (2000)
          --calls-per-connection K   calls placed on each control connection (1, as real clients do)
          --max-in-flight N          setups in flight at most (4000)
          --setup-timeout S          bound on one setup in seconds (20)
          --hold S                   seconds to hold every session before traffic (15)
          --traffic-sessions M       sessions carrying traffic both ways (64)
          --traffic-seconds S        length of each traffic phase (10)
          --pps-1400 N --pps-64 N    offered packets/s per direction, 0 = flat out (50000, 100000)
          --latency-pps N            packets/s per direction in the latency phase (2000)
          --settle S                 pause after each warm-up, and traffic warm-up length (3; 0: none)
          --sender-threads N         client sender threads (1)
          --teardown-timeout S       bound on hanging up every session (120)
          --lan-netns NS --lan-host ADDR   where the UDP sink/source run (192.168.60.10)
          --node-netns NS --node-pid PID --metrics HOST:PORT   where to read the node's figures
        """;

    private static IPAddress Address(string name, string value) =>
        IPAddress.TryParse(value, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? address
            : throw new FormatException($"{name}: '{value}' is not an IPv4 address");

    private static int Int(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException($"{name}: '{value}' is not a whole number of at least {minimum}");
}
