using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Persistence;
using Concentrator.Cluster.Serialization;
using Concentrator.Cluster.Tests.Persistence;
using Concentrator.Sessions.Policy;
using Npgsql;

namespace Concentrator.Cluster.Tests.Clustering;

/// <summary>
/// Several concentrator nodes in one process: an actor system each on 127.0.0.1 (free ports), joined into
/// one Akka.Cluster, sharing a fresh PostgreSQL database, each running the cluster layer (<see cref="ClusterNode"/>).
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private InProcessCluster(List<(ActorSystem System, ClusterNode Node)> members) => Members = members;

    public List<(ActorSystem System, ClusterNode Node)> Members { get; }

    public ClusterNode this[int i] => Members[i].Node;

    public ActorSystem System(int i) => Members[i].System;

    public static async Task<InProcessCluster> StartAsync(PostgreSqlServer server, int size, AddressPoolSettings pools, BruteForceSettings? bans = null)
    {
        var database = "t" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var persistence = PersistenceSettings.PostgreSql(server.ConnectionString.Replace("Database=postgres", $"Database={database}", StringComparison.Ordinal));
        await SchemaBootstrap.EnsureAsync(persistence, "test", TimeSpan.FromSeconds(60));
        var members = new List<(ActorSystem, ClusterNode)>();
        var systems = Enumerable.Range(0, size).Select(i => ActorSystem.Create(ClusterEndpoint.SystemName,
            ConfigurationFactory.ParseString("""
                    akka.loglevel = WARNING
                    akka.stdout-loglevel = WARNING
                    akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                    # Terminate() is a crash here (no leaving); a graceful leave is Cluster.LeaveAsync().
                    akka.coordinated-shutdown.run-by-actor-system-terminate = off
                    """)
                .WithFallback(ClusterConfig.Build(new ClusterEndpoint("127.0.0.1", 0, []) { DownAfter = TimeSpan.FromSeconds(3) }, $"n{i}"))
                .WithFallback(PersistenceConfig.Build(persistence))
                .WithFallback(SerializationConfig.Build()))).ToList();
        var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
        foreach (var system in systems) await Akka.Cluster.Cluster.Get(system).JoinAsync(seed, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        foreach (var (system, i) in systems.Select((s, i) => (s, i)))
            members.Add((system, ClusterNode.Start(system, new ClusterNodeSettings($"n{i}", pools, bans ?? new BruteForceSettings()))));
        var cluster = new InProcessCluster(members);
        await cluster.AwaitUpAsync(size);
        return cluster;
    }

    /// <summary>Waits (bounded) until every live node sees <paramref name="count"/> members Up.</summary>
    public async Task AwaitUpAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Members.Where(m => !m.System.WhenTerminated.IsCompleted)
                .All(m => Akka.Cluster.Cluster.Get(m.System).State.Members.Count(x => x.Status == MemberStatus.Up) == count)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the cluster did not reach {count} members Up");
    }

    /// <summary>Kills a node the hard way: no leaving, no goodbye (as kill -9 would).</summary>
    public async Task CrashAsync(int i)
    {
        await System(i).Terminate();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Members.Select(m => m.System.Terminate()));
    }
}
