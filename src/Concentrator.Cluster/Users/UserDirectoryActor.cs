using Akka.Actor;
using Akka.Persistence;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Persistence;

namespace Concentrator.Cluster.Users;

/// <summary>
/// The user directory, a cluster singleton (<see cref="ClusterNode"/>): a thin shell around
/// <see cref="UserDirectoryState"/>. Commands are answered once persisted. The users' static addresses
/// are handed to the pool coordinator (whole set, after recovery and after each change, repeated until
/// the coordinator confirms), so that it keeps them out of the blocks it grants.
/// </summary>
public sealed class UserDirectoryActor : InstrumentedPersistentActor, IWithTimers
{
    /// <summary>The persistence id used when none is given.</summary>
    public const string DefaultPersistenceId = "user-directory";

    private const string ResyncTimer = "resync";

    private readonly string _persistenceId;
    private readonly IActorRef? _coordinator;
    private readonly int _snapshotEvery;
    private readonly TimeSpan _resyncInterval;
    private UserDirectoryState _state;
    private int _eventsSinceSnapshot;
    private long _syncVersion = -1;

    public UserDirectoryActor(
        IReadOnlyList<AddressPoolDefinition> pools, IActorRef? coordinator, int snapshotEvery, TimeSpan resyncInterval, string persistenceId)
    {
        _persistenceId = persistenceId;
        _coordinator = coordinator;
        _snapshotEvery = snapshotEvery;
        _resyncInterval = resyncInterval;
        _state = new UserDirectoryState(pools);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is UserDirectorySnapshot snapshot)
            {
                _state = UserDirectoryState.FromSnapshot(pools, snapshot);
            }
        });
        Recover<IUserDirectoryEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => SyncReservations());

        Command<IUserDirectoryCommand>(command =>
        {
            var replyTo = Sender;
            if (!_state.Decide(command, out var events, out var error))
            {
                replyTo.Tell(UserCommandResult.Refused(error));
                return;
            }

            if (events.Count == 0)
            {
                replyTo.Tell(UserCommandResult.Ok);
                return;
            }

            var before = _state.StaticReservations();
            var remaining = events.Count;
            PersistAll(events, Timed<IUserDirectoryEvent>(e =>
            {
                _state.Apply(e);
                if (++_eventsSinceSnapshot >= _snapshotEvery)
                {
                    _eventsSinceSnapshot = 0;
                    SaveSnapshot(_state.ToSnapshot());
                }

                if (--remaining == 0)
                {
                    replyTo.Tell(UserCommandResult.Ok);
                    if (!before.SequenceEqual(_state.StaticReservations()))
                    {
                        SyncReservations();
                    }
                }
            }));
        });
        Command<FindUser>(m => Sender.Tell(new UserLookupResult(_state.Find(m.Name ?? ""))));
        Command<ListUsers>(_ => Sender.Tell(new UserListResult(_state.List())));
        Command<StaticReservationsAccepted>(m =>
        {
            if (m.Version == _syncVersion)
            {
                Timers.Cancel(ResyncTimer);
            }
        });
        Command<Resync>(_ => SyncReservations());
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => _persistenceId;

    protected override string Store => PersistenceStores.Users;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the directory.</summary>
    /// <param name="pools">The configured pools (static addresses must lie in one).</param>
    /// <param name="coordinator">The pool coordinator to keep informed of reserved addresses, or null.</param>
    /// <param name="snapshotEvery">Save a snapshot after this many events.</param>
    /// <param name="resyncInterval">Repeat the reservations this often until the coordinator confirms them (5 s when zero).</param>
    /// <param name="persistenceId">The journal's persistence id.</param>
    public static Props Props(
        IReadOnlyList<AddressPoolDefinition> pools,
        IActorRef? coordinator,
        int snapshotEvery = 200,
        TimeSpan resyncInterval = default,
        string persistenceId = DefaultPersistenceId) =>
        Akka.Actor.Props.Create(() => new UserDirectoryActor(
            pools, coordinator, snapshotEvery, resyncInterval > TimeSpan.Zero ? resyncInterval : TimeSpan.FromSeconds(5), persistenceId));

    private void SyncReservations()
    {
        if (_coordinator is null)
        {
            return;
        }

        _syncVersion = LastSequenceNr;
        _coordinator.Tell(new SyncStaticReservations(_syncVersion, _state.StaticReservations()));
        Timers.StartSingleTimer(ResyncTimer, Resync.Instance, _resyncInterval);
    }

    private sealed class Resync
    {
        public static readonly Resync Instance = new();
    }
}
