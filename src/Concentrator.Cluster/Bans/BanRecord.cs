using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Bans;

/// <summary>
/// A ban as replicated between nodes (Distributed Data): the source, until when, and why. A lifted ban is a
/// tombstone: <see cref="UntilUnixMilliseconds"/> is minus the time of the lift (never above zero).
/// </summary>
public sealed record BanRecord(string Source, long UntilUnixMilliseconds, string Reason) : IConcentratorMessage;
