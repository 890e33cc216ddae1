using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;

namespace Concentrator.Cluster.Membership;

/// <summary>Where a node listens for the other nodes, and whom it asks to join.</summary>
/// <param name="Hostname">The address other nodes reach this node at (also bound).</param>
/// <param name="Port">The cluster port (0 picks a free one: tests).</param>
/// <param name="SeedNodes">host:port of the nodes to join; empty: this node forms a cluster of its own.</param>
public sealed record ClusterEndpoint(string Hostname, int Port, IReadOnlyList<string> SeedNodes)
{
    /// <summary>The actor system's name: the same on every node of a cluster.</summary>
    public const string SystemName = "concentrator";

    /// <summary>How long an unreachable member stays before the split brain resolver downs it.</summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The HOCON of the cluster: the cluster provider over Akka.Remote's TCP transport, this node's roles, the
/// seed nodes, the split brain resolver (keep-majority: the side with most nodes stays, the other downs
/// itself), and the defaults of cluster singletons and Distributed Data.
/// </summary>
public static class ClusterConfig
{
    public static Config Build(ClusterEndpoint endpoint, string nodeId)
    {
        var seeds = string.Join(", ", endpoint.SeedNodes.Select(s => $"\"akka.tcp://{ClusterEndpoint.SystemName}@{s}\""));
        var hocon = $$"""
            akka {
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{endpoint.Hostname}}"
                port = {{endpoint.Port}}
              }
              cluster {
                roles = ["{{ClusterNodeSettings.Role}}", "{{ClusterNodeSettings.NodeRole(nodeId)}}"]
                seed-nodes = [{{seeds}}]
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{(int)endpoint.DownAfter.TotalMilliseconds}}ms
                }
                distributed-data.gossip-interval = 1s
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon)
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedData.DefaultConfig());
    }
}
