using System.Net;
using Concentrator.Client;
using Concentrator.Client.Transport;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Node.Tests.Support;

/// <summary>
/// Three `concentrator serve` processes, each in a namespace of its own, on one backbone (a bridge in a namespace
/// of the test's own, 10.90.0.0/24) with a PostgreSQL server (10.90.0.5) and the clients (10.90.0.2): one cluster
/// (seed 10.90.0.10), one address pool 10.82.0.0/24, one database.
/// </summary>
internal sealed class ClusterLab : IAsyncDisposable
{
    public const string User = "clara";
    public const string Password = "Cluster-Pass-3";
    public static readonly IPAddress ClientAddress = IPAddress.Parse("10.90.0.2");

    private readonly List<IDisposable> _owned = [];
    private readonly List<NetworkNamespace> _namespaces = [];

    private ClusterLab()
    {
    }

    public NetworkNamespace Client { get; private set; } = null!;
    public List<NetworkNamespace> NodeNamespaces { get; } = [];
    public List<NodeProcess?> Nodes { get; } = [];
    public NamespacedPostgres Database { get; private set; } = null!;
    public RawGreClientTransport Gre { get; private set; } = null!;

    public static IPAddress NodeAddress(int i) => IPAddress.Parse($"10.90.0.{10 + i}");

    public static async Task<ClusterLab> StartAsync(ITestOutputHelper output, int size = 3)
    {
        var lab = new ClusterLab();
        try
        {
            var backbone = lab.Namespace();
            backbone.Exec("ip", "link", "add", "br0", "type", "bridge").EnsureSuccess();
            backbone.Exec("ip", "link", "set", "br0", "up").EnsureSuccess();
            var db = lab.Namespace();
            lab.Attach(backbone, db, "cmd", "10.90.0.5/24");
            lab.Client = lab.Namespace();
            lab.Attach(backbone, lab.Client, "cmc", "10.90.0.2/24");
            for (var i = 0; i < size; i++)
            {
                var ns = lab.Namespace();
                lab.Attach(backbone, ns, $"cm{i}", $"10.90.0.{10 + i}/24");
                lab.NodeNamespaces.Add(ns);
            }
            lab.Database = await NamespacedPostgres.StartAsync(db.Name, "10.90.0.5");
            // The first node first (it forms the cluster and creates the schema), then the others together.
            lab.Nodes.Add(await NodeProcess.StartAsync(lab.NodeNamespaces[0].Name, Config(0), $"{User}:{Password}", output, "n0"));
            var rest = await Task.WhenAll(Enumerable.Range(1, size - 1)
                .Select(i => NodeProcess.StartAsync(lab.NodeNamespaces[i].Name, Config(i), null, output, $"n{i}")));
            lab.Nodes.AddRange(rest);
            lab.Gre = NetworkNamespace.Run(lab.Client.Name, () => RawGreClientTransport.Open(ClientAddress));
            lab._owned.Add(lab.Gre);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private static string Config(int i) => $$"""
        {
          "node": { "id": "n{{i}}", "dataDirectory": "$DATA" },
          "listen": { "address": "10.90.0.{{10 + i}}", "port": 1723 },
          "tunnel": { "interface": "cmt0", "queues": 1, "localAddress": "10.82.0.1" },
          "pools": [ { "name": "shared", "range": "10.82.0.0/24", "exclude": [ "10.82.0.1" ] } ],
          "lan": { "enableForwarding": false },
          "database": { "provider": "postgresql", "postgreSql": "Host=10.90.0.5;Port=5432;Username=concentrator;Database=concentrator;Pooling=true" },
          "cluster": { "hostname": "10.90.0.{{10 + i}}", "port": 4053, "seedNodes": [ "10.90.0.10:4053" ], "downAfter": "00:00:05" },
          "http": { "listen": "127.0.0.1:9723" }
        }
        """;

    /// <summary>A client from the client namespace to node <paramref name="i"/>, over the shared raw GRE transport.</summary>
    public PptpClient NewClient(int i, IClientPacketSink sink)
    {
        var options = new PptpClientOptions
        {
            Server = NodeAddress(i),
            UserName = User,
            Password = Password,
            PacketSink = sink,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            HangUpTimeout = TimeSpan.FromSeconds(2),
        };
        return new PptpClient(options, ControlStreams.Tcp(new IPEndPoint(NodeAddress(i), ControlStreams.PptpPort), newSocket: () => NamespaceSockets.NewTcpSocket(Client.Name)), Gre);
    }

    /// <summary>Node <paramref name="i"/>'s operator API, over a socket made in its namespace.</summary>
    public Concentrator.Node.Cli.OperatorClient Operator(int i)
    {
        var token = File.ReadAllText(Path.Combine(Nodes[i]!.DataDirectory, "operator.token")).Trim();
        var ns = NodeNamespaces[i].Name;
        return new Concentrator.Node.Cli.OperatorClient("127.0.0.1:9723", token, TimeSpan.FromSeconds(15), NamespaceSockets.HttpHandler(ns));
    }

    /// <summary>kill -9: the node vanishes with no goodbye to anyone.</summary>
    public void Kill(int i)
    {
        Nodes[i]!.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            if (node is not null) await node.DisposeAsync();
        foreach (var owned in Enumerable.Reverse(_owned)) owned.Dispose();
        if (Database is not null) await Database.DisposeAsync();
        foreach (var ns in Enumerable.Reverse(_namespaces)) ns.Dispose();
    }

    private NetworkNamespace Namespace()
    {
        var ns = NetworkNamespace.CreateUnique("cmn-");
        _namespaces.Add(ns);
        return ns;
    }

    private void Attach(NetworkNamespace backbone, NetworkNamespace ns, string name, string cidr)
    {
        var veth = VethPair.Create(name + "b", backbone.Name, name, ns.Name);
        _owned.Add(veth);
        backbone.Exec("ip", "link", "set", name + "b", "master", "br0").EnsureSuccess();
        ns.Exec("ip", "addr", "add", cidr, "dev", name).EnsureSuccess();
    }
}
