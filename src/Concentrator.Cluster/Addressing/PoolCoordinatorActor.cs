using Akka.Actor;
using Akka.Persistence;
using Concentrator.Cluster.Persistence;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Addressing;

/// <summary>
/// The one owner of the configured pools, a cluster singleton (<see cref="ClusterNode"/>): grants blocks to
/// node incarnations, leases users' static addresses, reclaims what a gone incarnation held. A thin shell
/// around <see cref="PoolCoordinatorState"/>; every change is persisted before it is answered, so a
/// coordinator that starts on another node after a handover recovers the pool from the journal. Where each
/// node's allocator lives is not persisted: it is learnt from <see cref="AllocatorCheckIn"/>, which every
/// allocator repeats, so the pushes (<see cref="WithdrawAddress"/>, <see cref="NodeRetired"/>) reach it again
/// within one check-in interval.
/// </summary>
public sealed class PoolCoordinatorActor : InstrumentedPersistentActor
{
    /// <summary>The persistence id used when none is given.</summary>
    public const string DefaultPersistenceId = "address-pool-coordinator";

    private readonly string _persistenceId;
    private readonly Dictionary<string, (NodeIncarnation Node, IActorRef Allocator)> _allocators = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _withdrawalsSent = [];
    private PoolCoordinatorState _state;
    private int _eventsSinceSnapshot;

    public PoolCoordinatorActor(AddressPoolSettings settings, string persistenceId)
    {
        _persistenceId = persistenceId;
        _state = new PoolCoordinatorState(settings.Validate());

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is PoolCoordinatorSnapshot snapshot)
            {
                _state = PoolCoordinatorState.FromSnapshot(settings, snapshot);
            }
        });
        Recover<IPoolCoordinatorEvent>(e => _state.Apply(e));

        Command<NodeUp>(m => Register(new NodeIncarnation(m.NodeId, m.Incarnation), () => { }, () => { }));
        Command<NodeGone>(m => PersistThen(_state.DecideNodeGone(new NodeIncarnation(m.NodeId, m.Incarnation)), () => { }));
        Command<AllocatorCheckIn>(m =>
        {
            var allocator = Sender;
            Register(m.Node, () =>
            {
                _allocators[m.Node.NodeId] = (m.Node, allocator);
                _withdrawalsSent.RemoveWhere(a => _state.BlockHolding(a)?.Owner == m.Node);
                SendWithdrawals();
            }, () => allocator.Tell(new NodeRetired(m.Node)));
        });
        Command<RequestBlock>(m =>
        {
            var replyTo = Sender;
            Register(
                m.Node,
                () =>
                {
                    var failure = _state.DecideBlock(m.Node, out var granted);
                    if (granted is null)
                    {
                        replyTo.Tell(new BlockRefused(m.Node, m.RequestNo, failure));
                        return;
                    }

                    PersistThen([granted], () => replyTo.Tell(new BlockGrant(m.Node, m.RequestNo, granted.Block)));
                },
                () =>
                {
                    replyTo.Tell(new BlockRefused(m.Node, m.RequestNo, AllocationFailure.Unavailable));
                    replyTo.Tell(new NodeRetired(m.Node));
                });
        });
        Command<ReturnBlock>(m => PersistThen(Single(_state.DecideReturn(m.Node, m.Block)), () => { }));
        Command<GrantStatic>(m =>
        {
            var replyTo = Sender;
            Register(
                m.Node,
                () =>
                {
                    var failure = _state.DecideStatic(m.Node, m.Address, m.SessionId, out var granted);
                    PersistThen(Single(granted), () => replyTo.Tell(new StaticGrantResult(m.Address, m.SessionId, failure)));
                },
                () => replyTo.Tell(new StaticGrantResult(m.Address, m.SessionId, AllocationFailure.Unavailable)));
        });
        Command<ReleaseStatic>(m => PersistThen(Single(_state.DecideStaticRelease(m.Address, m.SessionId)), () => { }));
        Command<SyncStaticReservations>(m =>
        {
            var replyTo = Sender;
            PersistThen(Single(_state.DecideReservations(m.Reservations)), () =>
            {
                replyTo.Tell(new StaticReservationsAccepted(m.Version));
                SendWithdrawals();
            });
        });
        Command<AddressSurrendered>(m => PersistThen(Single(_state.DecideSurrender(m.Node, m.Address)), () => _withdrawalsSent.Remove(m.Address)));
        Command<GetPoolStats>(_ => Sender.Tell(new PoolStats(_state.Usage(), _state.Blocks.Count)));
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => _persistenceId;

    protected override string Store => PersistenceStores.AddressPool;

    /// <summary>Props for the coordinator.</summary>
    public static Props Props(AddressPoolSettings settings, string persistenceId = DefaultPersistenceId) =>
        Akka.Actor.Props.Create(() => new PoolCoordinatorActor(settings, persistenceId));

    private static IReadOnlyList<IPoolCoordinatorEvent> Single(IPoolCoordinatorEvent? e) => e is null ? [] : [e];

    private void Register(NodeIncarnation node, Action served, Action refused)
    {
        if (!_state.Register(node, out var events))
        {
            refused();
            return;
        }

        PersistThen(events, served);
    }

    /// <summary>Persists the events one after another, applying each, then runs <paramref name="then"/>.</summary>
    private void PersistThen(IReadOnlyList<IPoolCoordinatorEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }

        var remaining = events.Count;
        PersistAll(events, Timed<IPoolCoordinatorEvent>(e =>
        {
            _state.Apply(e);
            if (e is NodeBlocksReclaimed reclaimed
                && _allocators.TryGetValue(reclaimed.Node.NodeId, out var known) && known.Node == reclaimed.Node)
            {
                known.Allocator.Tell(new NodeRetired(reclaimed.Node));
            }

            if (++_eventsSinceSnapshot >= _state.Settings.SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
            }

            if (--remaining == 0)
            {
                then();
            }
        }));
    }

    /// <summary>Asks the nodes holding reserved addresses in their blocks to give them up.</summary>
    private void SendWithdrawals()
    {
        foreach (var (address, owner) in _state.PendingWithdrawals())
        {
            if (_allocators.TryGetValue(owner.NodeId, out var known) && known.Node == owner && _withdrawalsSent.Add(address))
            {
                known.Allocator.Tell(new WithdrawAddress(owner, address));
            }
        }
    }
}
