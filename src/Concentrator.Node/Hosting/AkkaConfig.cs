using Akka.Configuration;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Persistence;
using Concentrator.Cluster.Serialization;

namespace Concentrator.Node.Hosting;

/// <summary>
/// The actor system's configuration: persistence on the configured database, our serializer, quiet
/// dead letters, and actors on dedicated threads (fork-join executor): the GRE and TUN threads keep
/// the cores busy under load, and the .NET thread pool then starves actors for seconds.
/// </summary>
public static class AkkaConfig
{
    private const string Base = """
        akka {
          log-dead-letters = 0
          log-dead-letters-during-shutdown = off
          actor.ask-timeout = 10s
          actor.default-dispatcher {
            executor = fork-join-executor
            fork-join-executor { parallelism-min = 2, parallelism-factor = 1.0, parallelism-max = 16 }
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    public static Config Build(PersistenceSettings persistence, ClusterEndpoint cluster, string nodeId) =>
        ConfigurationFactory.ParseString(Base)
            .WithFallback(ClusterConfig.Build(cluster, nodeId))
            .WithFallback(PersistenceConfig.Build(persistence))
            .WithFallback(SerializationConfig.Build());

    /// <summary>An actor system on the database alone (no cluster): the CLI's offline user directory.</summary>
    public static Config Build(PersistenceSettings persistence) =>
        ConfigurationFactory.ParseString(Base)
            .WithFallback(PersistenceConfig.Build(persistence))
            .WithFallback(SerializationConfig.Build());
}
