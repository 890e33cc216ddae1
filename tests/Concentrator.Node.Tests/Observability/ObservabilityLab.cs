using System.Net;
using Concentrator.Client;
using Concentrator.Client.Transport;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// clients 203.0.113.2–.9 ─veth─ 203.0.113.1 server 192.168.61.1 ─veth─ 192.168.61.10 lan: three namespaces of the
/// test's own with a real `concentrator serve` in the middle (node "obs1", a small pool 10.84.0.0/29 = five
/// addresses, GRE declared missing after 2 s), several client addresses (so that the brute-force guard bans each
/// separately), and a real Prometheus in the server's namespace scraping the node there.
/// </summary>
internal sealed class ObservabilityLab : IAsyncDisposable
{
    public const string NodeId = "obs1";
    public const string User = "olga";
    public const string Password = "Metrics-Pass-4";
    public const int PoolSize = 5;
    public static readonly IPAddress ServerAddress = IPAddress.Parse("203.0.113.1");
    public static readonly IPAddress LanHost = IPAddress.Parse("192.168.61.10");

    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<IPAddress, RawGreClientTransport> _gre = [];

    private ObservabilityLab(NetworkNamespace client, NetworkNamespace server, NetworkNamespace lan)
    {
        Client = client;
        Server = server;
        Lan = lan;
    }

    public NetworkNamespace Client { get; }
    public NetworkNamespace Server { get; }
    public NetworkNamespace Lan { get; }
    public NodeProcess Node { get; private set; } = null!;

    /// <summary>Client address number <paramref name="i"/> (2–9).</summary>
    public static IPAddress ClientAddress(int i) => IPAddress.Parse($"203.0.113.{i}");

    public static async Task<ObservabilityLab> StartAsync(ITestOutputHelper output)
    {
        var lab = new ObservabilityLab(NetworkNamespace.CreateUnique("cob-"), NetworkNamespace.CreateUnique("cob-"), NetworkNamespace.CreateUnique("cob-"));
        try
        {
            var outside = VethPair.Create("cob-c", lab.Client.Name, "cob-s", lab.Server.Name);
            outside.AssignAddresses("203.0.113.2/24", "203.0.113.1/24");
            var inside = VethPair.Create("cob-g", lab.Server.Name, "cob-l", lab.Lan.Name);
            inside.AssignAddresses("192.168.61.1/24", "192.168.61.10/24");
            lab._owned.Add(outside);
            lab._owned.Add(inside);
            for (var i = 3; i <= 9; i++) lab.Client.AddAddress("cob-c", $"203.0.113.{i}/24");
            lab.Lan.Exec("ip", "route", "replace", "10.84.0.0/29", "via", "192.168.61.1").EnsureSuccess();
            const string config = """
                {
                  "node": { "id": "obs1", "dataDirectory": "$DATA" },
                  "listen": { "address": "0.0.0.0", "port": 1723 },
                  "tunnel": { "interface": "cob0", "queues": 1, "localAddress": "10.84.0.1" },
                  "pools": [ { "name": "lab", "range": "10.84.0.0/29", "exclude": [ "10.84.0.1" ] } ],
                  "lan": { "enableForwarding": true },
                  "policy": { "noGreTimeout": "00:00:02" },
                  "http": { "listen": "127.0.0.1:9723" }
                }
                """;
            lab.Node = await NodeProcess.StartAsync(lab.Server.Name, config, $"{User}:{Password}", output, NodeId);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sets up one call from client address <paramref name="from"/> with our client library over real TCP and raw GRE.</summary>
    public async Task<PptpCall> ConnectAsync(int from, string password, IClientPacketSink? sink = null, TimeSpan? timeout = null)
    {
        var source = ClientAddress(from);
        if (!_gre.TryGetValue(source, out var gre))
        {
            gre = NetworkNamespace.Run(Client.Name, () => RawGreClientTransport.Open(source));
            _gre[source] = gre;
            _owned.Add(gre);
        }
        var options = new PptpClientOptions
        {
            Server = ServerAddress,
            UserName = User,
            Password = password,
            PacketSink = sink ?? new PacketQueue(),
            ConnectTimeout = timeout ?? TimeSpan.FromSeconds(20),
            ControlTimeout = TimeSpan.FromSeconds(5),
            HangUpTimeout = TimeSpan.FromSeconds(3),
        };
        var client = new PptpClient(options, ControlStreams.Tcp(new IPEndPoint(ServerAddress, ControlStreams.PptpPort), source, () => NamespaceSockets.NewTcpSocket(Client.Name)), gre);
        return await client.ConnectAsync();
    }

    /// <summary>Drops GRE that the client namespace sends from <paramref name="from"/> (TCP 1723 still passes): a firewall that blocks GRE.</summary>
    public async Task BlockGreFromAsync(int from)
    {
        foreach (var rule in new[]
                 {
                     "add table inet blockgre",
                     "add chain inet blockgre out { type filter hook output priority 0 ; }",
                     $"add rule inet blockgre out ip saddr {ClientAddress(from)} ip protocol gre drop",
                 })
        {
            var result = await Shell.RunAsync(TimeSpan.FromSeconds(10), "ip", ["netns", "exec", Client.Name, "nft", .. rule.Split(' ')]);
            Assert.True(result.ExitCode == 0, $"nft {rule}: {result.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        foreach (var owned in Enumerable.Reverse(_owned)) owned.Dispose();
        Lan.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
