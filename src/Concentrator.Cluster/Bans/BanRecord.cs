using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Bans;

/// <summary>A ban as replicated between nodes (Distributed Data): the source, until when, and why.</summary>
public sealed record BanRecord(string Source, long UntilUnixMilliseconds, string Reason) : IConcentratorMessage;
