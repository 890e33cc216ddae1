using Microsoft.Data.Sqlite;

namespace Concentrator.Cluster.Persistence;

/// <summary>Which database holds the journals and snapshots.</summary>
public enum PersistenceProvider
{
    /// <summary>An embedded SQLite file (the default for a single node).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (for a cluster of nodes).</summary>
    PostgreSql,
}

/// <summary>Where and how events and snapshots are stored (Akka.Persistence.Sql).</summary>
/// <param name="Provider">The database kind.</param>
/// <param name="ConnectionString">The ADO.NET connection string.</param>
/// <param name="JournalParallelism">Concurrent journal writers (1 for SQLite, which has one writer at a time).</param>
/// <param name="SqliteFile">The database file for SQLite, else null.</param>
public sealed record PersistenceSettings(PersistenceProvider Provider, string ConnectionString, int JournalParallelism, string? SqliteFile)
{
    /// <summary>SQLite in <paramref name="databaseFile"/> (created with its tables on first use).</summary>
    public static PersistenceSettings Sqlite(string databaseFile)
    {
        var path = Path.GetFullPath(databaseFile);
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new PersistenceSettings(PersistenceProvider.Sqlite, connection.ToString(), 1, path);
    }

    /// <summary>PostgreSQL through <paramref name="connectionString"/> (Npgsql syntax).</summary>
    public static PersistenceSettings PostgreSql(string connectionString, int journalParallelism = 3) =>
        new(PersistenceProvider.PostgreSql, connectionString, journalParallelism, null);

    /// <summary>The linq2db provider name Akka.Persistence.Sql is configured with.</summary>
    public string ProviderName => Provider switch
    {
        PersistenceProvider.Sqlite => "SQLite.MS",
        _ => "PostgreSQL.15",
    };
}
