namespace Concentrator.Cluster.Serialization;

/// <summary>
/// Marker for everything that is persisted (events, snapshots) or may cross nodes (commands, replies):
/// all of it goes through <see cref="ConcentratorSerializer"/>, never the default JSON serializer.
/// </summary>
public interface IConcentratorMessage;
