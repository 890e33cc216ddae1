using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Persistence;
using Concentrator.Cluster.Users;
using Concentrator.Node.Configuration;
using Concentrator.Node.Users;

namespace Concentrator.Node.Hosting;

/// <summary>
/// The user directory of a node that is not running, opened straight from its database so that an
/// operator can add the first users before the first start. Never used while the node runs (the CLI
/// goes through the node's API then), so the journal has one writer; never used for a cluster (see
/// <see cref="WhyClustered"/>), whose directory is a singleton that other nodes may be running.
/// </summary>
public sealed class OfflineDirectory : IAsyncDisposable
{
    private readonly ActorSystem _system;

    private OfflineDirectory(ActorSystem system, IUserAdmin users)
    {
        _system = system;
        Users = users;
    }

    public IUserAdmin Users { get; }

    /// <summary>
    /// What makes the configuration a cluster's (a shared PostgreSQL database, seed nodes), or null for a
    /// single node on SQLite. A cluster's user directory is owned by a singleton on some node and cached by
    /// the others: writing its journal from here would race that singleton and go unseen by the caches.
    /// </summary>
    public static string? WhyClustered(ConcentratorConfig config)
    {
        var reasons = new List<string>();
        if (config.Database.Provider == "postgresql") reasons.Add("database.provider is postgresql");
        if (ConfigValidator.IsMultiNode(config)) reasons.Add($"cluster.seedNodes lists {string.Join(", ", config.Cluster.SeedNodes)}");
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>Opens a single node's directory; the caller has made sure that <see cref="WhyClustered"/> is null.</summary>
    public static OfflineDirectory Open(ConcentratorConfig config)
    {
        var persistence = ConfigMapping.Persistence(config);
        if (persistence.SqliteFile is not null) SqliteDatabase.EnableWriteAheadLog(persistence);
        var system = ActorSystem.Create("concentrator-cli", AkkaConfig.Build(persistence)
            .WithFallback(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        var directory = system.ActorOf(UserDirectoryActor.Props(ConfigMapping.Pools(config).Pools, null), "users");
        return new OfflineDirectory(system, new ActorUserAdmin(directory, TimeSpan.FromSeconds(30)));
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);
}
