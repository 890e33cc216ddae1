using Akka.Actor;
using Akka.Persistence;
using Concentrator.Cluster.Persistence;
using Microsoft.Data.Sqlite;
using PersistenceSettings = Concentrator.Cluster.Persistence.PersistenceSettings;

namespace Concentrator.Cluster.Tests.Persistence;

public class PersistenceConfigTests
{
    [Fact]
    public void Sqlite_configuration_names_the_sql_plugins_with_one_writer()
    {
        var settings = PersistenceSettings.Sqlite("/var/lib/concentrator/state.db");
        var config = PersistenceConfig.Build(settings);

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.query.journal.sql.provider-name"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.query.journal.sql.write-plugin"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.True(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.True(config.GetBoolean("akka.persistence.snapshot-store.sql.auto-initialize"));
        Assert.Equal(settings.ConnectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Contains("Data Source=/var/lib/concentrator/state.db", settings.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("/var/lib/concentrator/state.db", settings.SqliteFile);

        // The plugin's own defaults are underneath (class names, table mapping).
        Assert.Equal("Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql", config.GetString("akka.persistence.journal.sql.class"));
        Assert.Equal("journal", config.GetString("akka.persistence.journal.sql.default.journal.table-name"));
    }

    [Fact]
    public void PostgreSql_configuration_keeps_the_connection_string_intact()
    {
        const string connection = "Host=db;Database=concentrator;Username=vpn;Password=p\"w\\d";
        var config = PersistenceConfig.Build(PersistenceSettings.PostgreSql(connection));

        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.Equal(connection, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(connection, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(3, config.GetInt("akka.persistence.journal.sql.parallelism"));
    }

    [Fact]
    public async Task Sqlite_file_is_switched_to_wal_and_the_journal_creates_its_tables()
    {
        var folder = Path.Combine(Path.GetTempPath(), "concentrator-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "sub", "state.db");
        try
        {
            Assert.Equal("wal", SqliteDatabase.EnableWriteAheadLog(PersistenceSettings.Sqlite(file)));
            using (var system = ActorSystem.Create("tables", SqliteTestKit.ConfigFor(file)))
            {
                var probe = system.ActorOf(Props.Create(() => new Recorder()));
                Assert.Equal("stored", await probe.Ask<string>("stored", TimeSpan.FromSeconds(20)));
                await system.Terminate();
            }

            using var connection = new SqliteConnection(PersistenceSettings.Sqlite(file).ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            var tables = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Contains("journal", tables);
            Assert.Contains("tags", tables);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        Assert.Throws<ArgumentException>(() => SqliteDatabase.EnableWriteAheadLog(PersistenceSettings.PostgreSql("Host=x")));
    }

    private sealed class Recorder : ReceivePersistentActor
    {
        public Recorder()
        {
            Command<string>(text => Persist(text, e => Sender.Tell(e)));
        }

        public override string PersistenceId => "recorder";
    }
}
