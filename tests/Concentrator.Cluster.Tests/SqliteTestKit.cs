using Akka.Actor;
using Akka.Configuration;
using Concentrator.Cluster.Persistence;
using Concentrator.Cluster.Serialization;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Concentrator.Cluster.Tests;

/// <summary>
/// A TestKit whose actor system persists to a real SQLite file in a fresh temporary folder (WAL mode,
/// tables created by the journal), with our serializer bound. <see cref="StartSystem"/> starts more
/// systems on the same file, to stop and restart a node.
/// </summary>
public abstract class SqliteTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected SqliteTestKit(ITestOutputHelper? output = null)
        : this(NewDatabaseFile(), output)
    {
    }

    private SqliteTestKit(string databaseFile, ITestOutputHelper? output)
        : base(ConfigFor(databaseFile), output: output)
    {
        DatabaseFile = databaseFile;
    }

    /// <summary>The SQLite file this test's systems share.</summary>
    protected string DatabaseFile { get; }

    /// <summary>The configuration of an actor system persisting to <paramref name="databaseFile"/>.</summary>
    public static Config ConfigFor(string databaseFile)
    {
        var settings = PersistenceSettings.Sqlite(databaseFile);
        SqliteDatabase.EnableWriteAheadLog(settings);
        return ConfigFor(settings);
    }

    /// <summary>The configuration of an actor system persisting as <paramref name="settings"/> say.</summary>
    public static Config ConfigFor(PersistenceSettings settings) =>
        ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.stdout-loglevel = WARNING
                """)
            .WithFallback(PersistenceConfig.Build(settings))
            .WithFallback(SerializationConfig.Build());

    /// <summary>Another actor system on this test's database.</summary>
    protected ActorSystem StartSystem(string name) => ActorSystem.Create(name, ConfigFor(DatabaseFile));

    protected override void AfterAll()
    {
        base.AfterAll();
        Shutdown(verifySystemShutdown: true);
        SqliteConnection.ClearAllPools();
        var folder = Path.GetDirectoryName(DatabaseFile)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewDatabaseFile() =>
        Path.Combine(Path.GetTempPath(), "concentrator-tests", Guid.NewGuid().ToString("N"), "concentrator.db");
}
