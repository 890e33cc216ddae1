using System.Net;
using Concentrator.Client;
using Concentrator.Client.Transport;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Node.Tests.Support;

/// <summary>
/// client 198.51.100.2 ─veth─ 198.51.100.1 server 192.168.60.1 ─veth─ 192.168.60.10 lan: three namespaces of
/// the test's own, a real `concentrator serve` in the middle (pool 10.81.0.0/24, routed: the LAN host routes it
/// back via the server), and our client library in the client namespace over real TCP and raw GRE.
/// </summary>
internal sealed class ThreeNamespaceLab : IAsyncDisposable
{
    public static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress ClientAddress = IPAddress.Parse("198.51.100.2");
    public static readonly IPAddress LanHost = IPAddress.Parse("192.168.60.10");

    private readonly List<IDisposable> _owned = [];

    private ThreeNamespaceLab(NetworkNamespace client, NetworkNamespace server, NetworkNamespace lan)
    {
        Client = client;
        Server = server;
        Lan = lan;
    }

    public NetworkNamespace Client { get; }
    public NetworkNamespace Server { get; }
    public NetworkNamespace Lan { get; }
    public NodeProcess Node { get; private set; } = null!;
    public string DataDirectory { get; private set; } = "";

    public static async Task<ThreeNamespaceLab> StartAsync(ITestOutputHelper output, string user, string password, string extraPolicy = "")
    {
        var client = NetworkNamespace.CreateUnique("cne-");
        var server = NetworkNamespace.CreateUnique("cne-");
        var lan = NetworkNamespace.CreateUnique("cne-");
        var lab = new ThreeNamespaceLab(client, server, lan);
        try
        {
            var outside = VethPair.Create("cne-c", client.Name, "cne-s", server.Name);
            outside.AssignAddresses("198.51.100.2/24", "198.51.100.1/24");
            var inside = VethPair.Create("cne-g", server.Name, "cne-l", lan.Name);
            inside.AssignAddresses("192.168.60.1/24", "192.168.60.10/24");
            lab._owned.Add(outside);
            lab._owned.Add(inside);
            lan.Exec("ip", "route", "replace", "10.81.0.0/24", "via", "192.168.60.1").EnsureSuccess();
            var config = $$"""
                {
                  "node": { "id": "e2e", "dataDirectory": "$DATA" },
                  "listen": { "address": "0.0.0.0", "port": 1723 },
                  "tunnel": { "interface": "cne0", "queues": 2, "localAddress": "10.81.0.1" },
                  "pools": [ { "name": "lab", "range": "10.81.0.0/24", "exclude": [ "10.81.0.1" ] } ],
                  "lan": { "enableForwarding": true },
                  "policy": { "noGreTimeout": "00:00:02" {{extraPolicy}} },
                  "http": { "listen": "127.0.0.1:9723" }
                }
                """;
            lab.Node = await NodeProcess.StartAsync(server.Name, config, $"{user}:{password}", output);
            lab.DataDirectory = lab.Node.DataDirectory;
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client library instance in the client namespace: TCP and raw GRE sockets are created there.</summary>
    public PptpClient NewClient(string user, string password, IClientPacketSink sink, TimeSpan? connectTimeout = null)
    {
        var gre = NetworkNamespace.Run(Client.Name, () => RawGreClientTransport.Open(ClientAddress));
        _owned.Add(gre);
        var options = new PptpClientOptions
        {
            Server = ServerAddress,
            UserName = user,
            Password = password,
            PacketSink = sink,
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(20),
            HangUpTimeout = TimeSpan.FromSeconds(3),
        };
        return new PptpClient(options, ControlStreams.Tcp(new IPEndPoint(ServerAddress, ControlStreams.PptpPort), newSocket: () => NamespaceSockets.NewTcpSocket(Client.Name)), gre);
    }

    /// <summary>The node's operator API, reached over a socket made inside the server namespace.</summary>
    public Concentrator.Node.Cli.OperatorClient Operator()
    {
        var token = File.ReadAllText(Path.Combine(DataDirectory, "operator.token")).Trim();
        return new Concentrator.Node.Cli.OperatorClient("127.0.0.1:9723", token, TimeSpan.FromSeconds(10), NamespaceSockets.HttpHandler(Server.Name));
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
