using System.Globalization;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace Concentrator.Cluster.Persistence;

/// <summary>
/// The one place that writes the HOCON for Akka.Persistence.Sql 1.5.73: the SQL journal, the SQL snapshot
/// store and the SQL read journal, on SQLite or PostgreSQL. Keys as in the plugin's reference configuration
/// (akka.persistence.journal.sql, akka.persistence.snapshot-store.sql, akka.persistence.query.journal.sql).
/// </summary>
public static class PersistenceConfig
{
    /// <summary>The journal plugin id.</summary>
    public const string JournalPluginId = "akka.persistence.journal.sql";

    /// <summary>The snapshot store plugin id.</summary>
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.sql";

    /// <summary>The read journal plugin id (for projections and operator queries).</summary>
    public const string QueryPluginId = "akka.persistence.query.journal.sql";

    /// <summary>The HOCON text for <paramref name="settings"/>.</summary>
    public static string Hocon(PersistenceSettings settings)
    {
        var connection = Quote(settings.ConnectionString);
        var provider = Quote(settings.ProviderName);
        var parallelism = settings.JournalParallelism.ToString(CultureInfo.InvariantCulture);
        return $$"""
            akka.persistence {
              journal {
                plugin = "{{JournalPluginId}}"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  # SQLite has one writer at a time; more writers only wait on its lock.
                  parallelism = {{parallelism}}
                  # The write side creates the tables (the read journal does not).
                  auto-initialize = true
                  table-mapping = default
                  tag-write-mode = TagTable
                }
              }
              snapshot-store {
                plugin = "{{SnapshotPluginId}}"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = true
                  table-mapping = default
                }
              }
            }
            {{QueryPluginId}} {
              connection-string = {{connection}}
              provider-name = {{provider}}
              write-plugin = "{{JournalPluginId}}"
              table-mapping = default
              tag-read-mode = TagTable
            }
            """;
    }

    /// <summary>The Akka configuration for journal, snapshot store and read journal, over the plugin's defaults.</summary>
    public static Config Build(PersistenceSettings settings) =>
        ConfigurationFactory.ParseString(Hocon(settings)).WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>A HOCON quoted string.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
