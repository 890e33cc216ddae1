using Microsoft.Data.Sqlite;

namespace Concentrator.Cluster.Persistence;

/// <summary>Prepares the embedded SQLite database before the actor system uses it.</summary>
public static class SqliteDatabase
{
    /// <summary>
    /// Creates the file (and its folder) if needed and switches it to write-ahead logging, which lets the
    /// journal write while recoveries and queries read. The mode is stored in the file, so this is done once
    /// before the actor system starts; it returns the journal mode now in force ("wal").
    /// </summary>
    public static string EnableWriteAheadLog(PersistenceSettings settings)
    {
        if (settings.SqliteFile is null)
        {
            throw new ArgumentException("the settings are not for SQLite", nameof(settings));
        }

        var folder = Path.GetDirectoryName(settings.SqliteFile);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var connection = new SqliteConnection(settings.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
