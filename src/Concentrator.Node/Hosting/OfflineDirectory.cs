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
/// goes through the node's API then), so the journal has one writer.
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
