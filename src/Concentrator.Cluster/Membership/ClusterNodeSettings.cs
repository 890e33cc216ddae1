using Concentrator.Cluster.Addressing;
using Concentrator.Sessions.Policy;

namespace Concentrator.Cluster.Membership;

/// <summary>What the cluster layer of one node needs.</summary>
/// <param name="NodeId">This node's name (unique in the cluster).</param>
/// <param name="Pools">The address pools (the same on every node).</param>
/// <param name="BruteForce">The brute-force guard's limits.</param>
public sealed record ClusterNodeSettings(string NodeId, AddressPoolSettings Pools, BruteForceSettings BruteForce)
{
    /// <summary>The role every concentrator node has; singletons run on these.</summary>
    public const string Role = "concentrator";

    /// <summary>The role that carries a node's id, so that other nodes can name it.</summary>
    public static string NodeRole(string nodeId) => "node:" + nodeId;

    /// <summary>The node id in a member's roles, if any.</summary>
    public static string? NodeIdOf(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => r.StartsWith("node:", StringComparison.Ordinal))?["node:".Length..];

    /// <summary>How long asks to other nodes and singletons may take.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
