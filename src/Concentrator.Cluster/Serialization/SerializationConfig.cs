using Akka.Configuration;

namespace Concentrator.Cluster.Serialization;

/// <summary>
/// The HOCON that binds <see cref="IConcentratorMessage"/> — and the session layer's messages that cross
/// nodes, which that layer cannot mark — to <see cref="ConcentratorSerializer"/>.
/// </summary>
public static class SerializationConfig
{
    public const string Hocon = """
        akka.actor {
          serializers {
            concentrator = "Concentrator.Cluster.Serialization.ConcentratorSerializer, Concentrator.Cluster"
          }
          serialization-bindings {
            "Concentrator.Cluster.Serialization.IConcentratorMessage, Concentrator.Cluster" = concentrator
            "Concentrator.Sessions.Routing.ClaimUser, Concentrator.Sessions" = concentrator
            "Concentrator.Sessions.Routing.UserClaimed, Concentrator.Sessions" = concentrator
            "Concentrator.Sessions.Call.HangUp, Concentrator.Sessions" = concentrator
            "Concentrator.Sessions.Routing.ListSessions, Concentrator.Sessions" = concentrator
            "Concentrator.Sessions.Routing.SessionList, Concentrator.Sessions" = concentrator
            "Concentrator.Sessions.Routing.KickSessions, Concentrator.Sessions" = concentrator
            "Concentrator.Sessions.Routing.SessionsKicked, Concentrator.Sessions" = concentrator
          }
          serialization-identifiers {
            "Concentrator.Cluster.Serialization.ConcentratorSerializer, Concentrator.Cluster" = 731
          }
        }
        """;

    public static Config Build() => ConfigurationFactory.ParseString(Hocon);
}
