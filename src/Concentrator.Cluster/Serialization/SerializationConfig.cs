using Akka.Configuration;

namespace Concentrator.Cluster.Serialization;

/// <summary>The HOCON that binds <see cref="IConcentratorMessage"/> to <see cref="ConcentratorSerializer"/>.</summary>
public static class SerializationConfig
{
    public const string Hocon = """
        akka.actor {
          serializers {
            concentrator = "Concentrator.Cluster.Serialization.ConcentratorSerializer, Concentrator.Cluster"
          }
          serialization-bindings {
            "Concentrator.Cluster.Serialization.IConcentratorMessage, Concentrator.Cluster" = concentrator
          }
          serialization-identifiers {
            "Concentrator.Cluster.Serialization.ConcentratorSerializer, Concentrator.Cluster" = 731
          }
        }
        """;

    public static Config Build() => ConfigurationFactory.ParseString(Hocon);
}
