using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Membership;

/// <summary>
/// Asks a node to drain: take no new calls, let its calls end (ending the rest properly at the deadline),
/// hand over its singletons and leave the cluster. Answered with <see cref="DrainAccepted"/> at once.
/// </summary>
public sealed record DrainNode(long DeadlineMilliseconds) : IConcentratorMessage;

/// <summary>The node has started draining.</summary>
public sealed record DrainAccepted(string NodeId) : IConcentratorMessage;

/// <summary>Asks a node for its clock (operators and `concentrator doctor` compare the nodes' clocks).</summary>
public sealed class ClockQuery : IConcentratorMessage
{
    public static readonly ClockQuery Instance = new();

    private ClockQuery()
    {
    }
}

/// <summary>A node's clock when it answered, in Unix milliseconds.</summary>
public sealed record ClockReply(long UnixMilliseconds) : IConcentratorMessage;
