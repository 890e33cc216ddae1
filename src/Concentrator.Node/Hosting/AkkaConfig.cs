using Akka.Configuration;
using Concentrator.Cluster.Persistence;
using Concentrator.Cluster.Serialization;

namespace Concentrator.Node.Hosting;

/// <summary>The actor system's configuration: persistence on the configured database, our serializer, quiet dead letters.</summary>
public static class AkkaConfig
{
    private const string Base = """
        akka {
          log-dead-letters = 0
          log-dead-letters-during-shutdown = off
          actor.ask-timeout = 10s
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    public static Config Build(PersistenceSettings persistence) =>
        ConfigurationFactory.ParseString(Base)
            .WithFallback(PersistenceConfig.Build(persistence))
            .WithFallback(SerializationConfig.Build());
}
