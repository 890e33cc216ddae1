namespace Concentrator.Node.Configuration;

/// <summary>
/// The node's configuration file (JSON), overridable by environment variables with the prefix
/// CONCENTRATOR_ and "__" between levels (e.g. CONCENTRATOR_LISTEN__PORT=1723). Every key is commented
/// in ops/concentrator.example.json; <see cref="ConfigValidator"/> checks it at start.
/// </summary>
public sealed class ConcentratorConfig
{
    public NodeSection Node { get; set; } = new();
    public ListenSection Listen { get; set; } = new();
    public TunnelSection Tunnel { get; set; } = new();
    public List<PoolSection> Pools { get; set; } = [];
    public LanSection Lan { get; set; } = new();
    public PolicySection Policy { get; set; } = new();
    public MppeSection Mppe { get; set; } = new();
    public LcpSection Lcp { get; set; } = new();
    public DatabaseSection Database { get; set; } = new();
    public HttpSection Http { get; set; } = new();
    public ClusterSection Cluster { get; set; } = new();
}

public sealed class NodeSection
{
    /// <summary>This node's name: unique in the cluster, part of every session ID.</summary>
    public string Id { get; set; } = Environment.MachineName;

    /// <summary>Where the node keeps its database (SQLite) and operator token.</summary>
    public string DataDirectory { get; set; } = "/var/lib/concentrator";
}

public sealed class ListenSection
{
    /// <summary>Address for TCP 1723 and GRE; 0.0.0.0 for all.</summary>
    public string Address { get; set; } = "0.0.0.0";
    public int Port { get; set; } = 1723;
    public int MaxConnectionsPerSource { get; set; } = 16;
    public int MaxConnectionsInSetup { get; set; } = 1000;
    /// <summary>Open control connections in total (one per session for Windows clients).</summary>
    public int MaxConnections { get; set; } = 10_000;
}

public sealed class TunnelSection
{
    /// <summary>The TUN interface into which the pool is routed.</summary>
    public string Interface { get; set; } = "pptp0";
    public int Queues { get; set; } = 2;
    /// <summary>MTU of the TUN device; TCP MSS is clamped to fit it.</summary>
    public int Mtu { get; set; } = 1400;
    /// <summary>The server's address on every link (IPCP IP-Address), also given to the TUN device.</summary>
    public string LocalAddress { get; set; } = "10.77.0.1";
    /// <summary>DNS servers handed to clients (IPCP options 129, 131): at most two.</summary>
    public List<string> Dns { get; set; } = [];
    /// <summary>WINS servers handed to clients (IPCP options 130, 132): at most two.</summary>
    public List<string> Wins { get; set; } = [];
}

public sealed class PoolSection
{
    public string Name { get; set; } = "main";
    /// <summary>A CIDR ("10.77.0.0/24") or a range ("10.77.0.10-10.77.0.250").</summary>
    public string Range { get; set; } = "";
    /// <summary>Addresses never handed out (the server's own, gateways).</summary>
    public List<string> Exclude { get; set; } = [];
}

public sealed class LanSection
{
    /// <summary>Turn on IPv4 forwarding so clients reach the LAN.</summary>
    public bool EnableForwarding { get; set; } = true;
    /// <summary>The LAN interface, for proxy-ARP; empty when the pool is routed to this node by the LAN's router.</summary>
    public string Interface { get; set; } = "";
    /// <summary>Answer ARP on the LAN for client addresses (when the pool lies inside the LAN subnet).</summary>
    public bool ProxyArp { get; set; }
}

public sealed class PolicySection
{
    /// <summary>The global switch for PPTP logins.</summary>
    public bool PptpEnabled { get; set; } = true;
    /// <summary>off, deny-new or replace-old.</summary>
    public string OneSessionPerUser { get; set; } = "off";
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.Zero;
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.Zero;
    public TimeSpan SetupTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan NoGreTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public BruteForceSection BruteForce { get; set; } = new();
}

public sealed class BruteForceSection
{
    public bool Enabled { get; set; } = true;
    public int MaxFailures { get; set; } = 6;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromMinutes(45);
}

public sealed class MppeSection
{
    /// <summary>Also accept 40-bit keys (weak; off by default).</summary>
    public bool Allow40Bit { get; set; }
    /// <summary>Also accept 56-bit keys (weak; off by default).</summary>
    public bool Allow56Bit { get; set; }
    /// <summary>Also accept stateful mode (off: stateless, RFC 3078 'H' bit, as Windows and pppd use).</summary>
    public bool AllowStateful { get; set; }
}

public sealed class LcpSection
{
    /// <summary>The MRU we ask for; 1400 keeps a full frame in GRE/IPv4 within a 1500-byte path.</summary>
    public int Mru { get; set; } = 1400;
    public TimeSpan EchoInterval { get; set; } = TimeSpan.FromSeconds(10);
    public int EchoFailures { get; set; } = 3;
}

public sealed class DatabaseSection
{
    /// <summary>sqlite (one node) or postgresql (a cluster).</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>SQLite file, relative to the data directory.</summary>
    public string SqliteFile { get; set; } = "concentrator.db";
    /// <summary>Npgsql connection string for PostgreSQL.</summary>
    public string PostgreSql { get; set; } = "";
}

public sealed class HttpSection
{
    /// <summary>Where /metrics (Prometheus) and the operator API listen; loopback by default.</summary>
    public string Listen { get; set; } = "127.0.0.1:9723";
    /// <summary>The operator API's bearer token; empty: generated at first start into the data directory (operator.token).</summary>
    public string Token { get; set; } = "";
}

public sealed class ClusterSection
{
    /// <summary>The address the other nodes reach this node at (and the cluster port binds to).</summary>
    public string Hostname { get; set; } = "127.0.0.1";
    /// <summary>The cluster port (Akka.Remote over TCP).</summary>
    public int Port { get; set; } = 4053;
    /// <summary>host:port of the nodes to join; empty: this node is a cluster of one.</summary>
    public List<string> SeedNodes { get; set; } = [];
    /// <summary>How long an unreachable node may stay before the others down it (split brain resolver, keep-majority).</summary>
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(10);
}
