using System.Globalization;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Concentrator.Cluster;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Serialization;
using Concentrator.Node.Telemetry;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Routing;
using Prometheus;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// The scrape-time figures of two nodes of one cluster (in-process actor systems on 127.0.0.1, in-memory journals),
/// each with its own registry: both see two members up and none unreachable; only the singletons' node reports the
/// pool coordinator's figures, so that the nodes' series add up to the pool without counting anything twice; bans are
/// counted by the node that made them and seen everywhere.
/// </summary>
public sealed class NodeStateReaderTests
{
    private static readonly AddressPoolSettings Pools = new([AddressPoolDefinition.Parse("main", "10.77.0.0/24", ["10.77.0.1"])]);

    [Fact]
    public async Task Two_nodes_report_the_cluster_and_their_shares_of_the_pool_without_counting_twice()
    {
        var systems = Enumerable.Range(0, 2).Select(i => ActorSystem.Create(ClusterEndpoint.SystemName, ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.stdout-loglevel = WARNING
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                akka.coordinated-shutdown.run-by-actor-system-terminate = off
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """)
            .WithFallback(ClusterConfig.Build(new ClusterEndpoint("127.0.0.1", 0, []), $"n{i}"))
            .WithFallback(SerializationConfig.Build()))).ToList();
        try
        {
            var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
            foreach (var system in systems) await Akka.Cluster.Cluster.Get(system).JoinAsync(seed, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            var nodes = systems.Select((s, i) => ClusterNode.Start(s, new ClusterNodeSettings($"n{i}", Pools, new BruteForceSettings { MaxFailures = 2 }))).ToList();
            var routes = new[] { new RouteTable(), new RouteTable() };
            routes[1].Set(IPAddress.Parse("10.77.0.9"), ActorRefs.Nobody);
            var registries = new List<CollectorRegistry>();
            for (var i = 0; i < 2; i++)
            {
                var registry = Metrics.NewCustomRegistry();
                new NodeStateReader(new NodeMetrics(registry, Pools.Pools), systems[i], nodes[i], routes[i]).Attach(registry);
                registries.Add(registry);
            }
            var source = IPAddress.Parse("198.51.100.77");
            nodes[0].Bans.ReportFailure(source, "mallory");
            nodes[0].Bans.ReportFailure(source, "mallory");
            nodes[1].Bans.Add(new Ban(IPAddress.Parse("198.51.100.78"), DateTimeOffset.UtcNow.AddHours(1), "by hand"));

            // Both allocators hold a block and the bans have spread before the figures settle.
            Dictionary<string, double>[] scraped = [];
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(200);
                scraped = await Task.WhenAll(registries.Select(ScrapeAsync));
            }
            while (DateTime.UtcNow < deadline && !scraped.All(s => s["concentrator_pool_held_addresses{pool=\"main\"}"] > 0 && s["concentrator_bans_active"] == 2));
            var (host, other) = (scraped[0], scraped[1]);

            foreach (var s in scraped)
            {
                Assert.Equal(2, s["concentrator_cluster_members{status=\"up\"}"]);
                Assert.Equal(0, s["concentrator_cluster_members{status=\"joining\"}"]);
                Assert.Equal(0, s["concentrator_cluster_unreachable_members"]);
                Assert.Equal(253, s["concentrator_pool_size_addresses{pool=\"main\"}"]);
                Assert.True(s["concentrator_pool_held_addresses{pool=\"main\"}"] > 0);
                Assert.Equal(s["concentrator_pool_held_addresses{pool=\"main\"}"], s["concentrator_pool_free_addresses{pool=\"main\"}"]);
                Assert.Equal(0, s["concentrator_pool_leased_addresses{pool=\"main\",kind=\"dynamic\"}"]);
                Assert.Equal(2, s["concentrator_bans_active"]);
            }
            foreach (var singleton in ClusterNode.SingletonNames)
            {
                Assert.Equal(1, host[$"concentrator_cluster_singleton_host{{singleton=\"{singleton}\"}}"]);
                Assert.Equal(0, other[$"concentrator_cluster_singleton_host{{singleton=\"{singleton}\"}}"]);
            }
            Assert.Equal(0, host["concentrator_pool_leased_addresses{pool=\"main\",kind=\"static\"}"]);
            Assert.False(other.ContainsKey("concentrator_pool_leased_addresses{pool=\"main\",kind=\"static\"}"));
            Assert.False(other.ContainsKey("concentrator_pool_unassigned_addresses{pool=\"main\"}"));
            // Blocks on both nodes, plus what no node holds, is the pool: each address counted once.
            Assert.Equal(253, host["concentrator_pool_held_addresses{pool=\"main\"}"] + other["concentrator_pool_held_addresses{pool=\"main\"}"]
                              + host["concentrator_pool_unassigned_addresses{pool=\"main\"}"]);

            Assert.Equal(0, host["concentrator_sessions_active"]);
            Assert.Equal(1, other["concentrator_sessions_active"]);
            Assert.Equal(1, host["concentrator_bans_total{origin=\"brute_force\"}"]);
            Assert.Equal(0, host["concentrator_bans_total{origin=\"operator\"}"]);
            Assert.Equal(0, other["concentrator_bans_total{origin=\"brute_force\"}"]);
            Assert.Equal(1, other["concentrator_bans_total{origin=\"operator\"}"]);
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate()));
        }
    }

    /// <summary>One collection of a registry as "name{labels}" → value (the labels as the exposition writes them).</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(stream.ToArray()).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return samples;
    }
}
