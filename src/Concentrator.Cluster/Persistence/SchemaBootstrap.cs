using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Npgsql;

namespace Concentrator.Cluster.Persistence;

/// <summary>
/// Creates the journal and snapshot tables of a shared PostgreSQL database once, before the node's actor
/// system starts. The SQL plugin creates missing tables when it starts, but nodes of a new cluster that start
/// together race to create them (duplicate type and relation errors); here each node takes a PostgreSQL
/// advisory lock, lets a short-lived actor system write one event and one snapshot (which creates the tables
/// if they are missing) and lets go. SQLite needs none of this: one node owns its file.
/// </summary>
public static class SchemaBootstrap
{
    private const long LockKey = 0x0C0C_0731;

    public static async Task EnsureAsync(PersistenceSettings settings, string nodeId, TimeSpan timeout)
    {
        if (settings.Provider != PersistenceProvider.PostgreSql) return;
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        using var cancellation = new CancellationTokenSource(timeout);
        await connection.OpenAsync(cancellation.Token).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
            await take.ExecuteNonQueryAsync(cancellation.Token).ConfigureAwait(false);
        try
        {
            var system = ActorSystem.Create("concentrator-schema", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
                .WithFallback(PersistenceConfig.Build(settings)));
            try
            {
                var probe = system.ActorOf(Props.Create(() => new Touch($"schema-bootstrap-{nodeId}")));
                await probe.Ask<Done>(Touch.Go.Instance, timeout).ConfigureAwait(false);
            }
            finally
            {
                await system.Terminate().ConfigureAwait(false);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Writes one event and one snapshot, then says Done: both stores are initialised.</summary>
    private sealed class Touch : ReceivePersistentActor
    {
        private IActorRef? _asker;

        public Touch(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_ => { });
            Command<Go>(_ =>
            {
                _asker = Sender;
                Persist("touched", _ => SaveSnapshot("touched"));
            });
            Command<SaveSnapshotSuccess>(_ => _asker!.Tell(Done.Instance));
            Command<SaveSnapshotFailure>(f => _asker!.Tell(new Status.Failure(f.Cause)));
        }

        public override string PersistenceId { get; }

        public sealed class Go
        {
            public static readonly Go Instance = new();
        }
    }
}
