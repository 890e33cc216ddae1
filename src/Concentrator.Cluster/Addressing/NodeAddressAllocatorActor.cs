using Akka.Actor;
using Akka.Persistence;
using Concentrator.Cluster.Persistence;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Addressing;

/// <summary>
/// One node's allocator: leases single addresses to sessions from the blocks the coordinator granted
/// the node, asks for a block ahead of need (below the low watermark) and gives unused blocks back
/// (above the high watermark). A thin shell around <see cref="NodeAllocatorState"/>. Leases are decided
/// and applied at once (so two requests never get one address) and written with PersistAsync, so many
/// are written in one batch; a request is answered once its event is durable.
/// </summary>
public sealed class NodeAddressAllocatorActor : InstrumentedPersistentActor, IWithTimers
{
    private const string BlockRequestTimer = "block-request";
    private const string ExhaustedTimer = "pool-exhausted";
    private const string CheckInTimer = "check-in";

    private readonly NodeIncarnation _node;
    private readonly AddressPoolSettings _settings;
    private readonly IActorRef _coordinator;
    private readonly LinkedList<Waiter> _waiting = new();
    private NodeAllocatorState _state = new();
    private int _pendingWrites;
    private int _eventsSinceSnapshot;
    private long _requestNo;
    private long? _requestInFlight;
    private long _waiterNo;
    private bool _retired;
    private bool _poolExhausted;

    public NodeAddressAllocatorActor(NodeIncarnation node, AddressPoolSettings settings, IActorRef coordinator)
    {
        _node = node;
        _settings = settings.Validate();
        _coordinator = coordinator;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is NodeAllocatorSnapshot snapshot)
            {
                _state = NodeAllocatorState.FromSnapshot(snapshot);
            }
        });
        Recover<INodeAllocatorEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            var events = _state.DecideIncarnation(_node.Incarnation);
            if (events.Count == 0)
            {
                Started();
                return;
            }

            var remaining = events.Count;
            PersistAll(events, Timed<INodeAllocatorEvent>(e =>
            {
                _state.Apply(e);
                _eventsSinceSnapshot++;
                if (--remaining == 0)
                {
                    Started();
                }
            }));
        });

        Command<AllocateAddress>(Allocate);
        Command<ReleaseAddress>(Release);
        Command<BlockGrant>(m =>
        {
            if (m.Node != _node || _retired)
            {
                return;
            }

            if (m.RequestNo == _requestInFlight)
            {
                _requestInFlight = null;
                Timers.Cancel(BlockRequestTimer);
            }

            var accepted = new BlockAccepted(m.Block);
            _state.Apply(accepted);
            PersistTracked(accepted, () => { });
            ServeWaiting();
            CheckWatermarks();
        });
        Command<BlockRefused>(m =>
        {
            if (m.RequestNo != _requestInFlight)
            {
                return;
            }

            _requestInFlight = null;
            Timers.Cancel(BlockRequestTimer);
            if (m.Reason == AllocationFailure.PoolExhausted)
            {
                // Ask again only after a pause; meanwhile requests that find no free address fail at once.
                _poolExhausted = true;
                Timers.StartSingleTimer(ExhaustedTimer, ExhaustionPauseOver.Instance, _settings.EffectiveRequestTimeout);
            }

            FailWaiting(m.Reason);
        });
        Command<CheckInDue>(_ => _coordinator.Tell(new AllocatorCheckIn(_node)));
        Command<ExhaustionPauseOver>(_ =>
        {
            _poolExhausted = false;
            CheckWatermarks();
        });
        Command<NodeRetired>(m =>
        {
            if (m.Node != _node)
            {
                return;
            }

            // The coordinator reclaimed this incarnation's blocks: leasing from them could duplicate addresses.
            _retired = true;
            _requestInFlight = null;
            Timers.Cancel(BlockRequestTimer);
            Timers.Cancel(CheckInTimer);
            FailWaiting(AllocationFailure.Unavailable);
        });
        Command<BlockRequestTimedOut>(m =>
        {
            if (m.RequestNo != _requestInFlight)
            {
                return;
            }

            _requestInFlight = null;
            if (_waiting.Count > 0)
            {
                RequestBlock();
            }
        });
        Command<WaitExpired>(m =>
        {
            for (var node = _waiting.First; node is not null; node = node.Next)
            {
                if (node.Value.Id == m.Id)
                {
                    _waiting.Remove(node);
                    node.Value.ReplyTo.Tell(AllocationResult.Failed(AllocationFailure.Unavailable));
                    return;
                }
            }
        });
        Command<WithdrawAddress>(m =>
        {
            if (m.Node != _node)
            {
                return;
            }

            if (!_state.Holds(m.Address))
            {
                _coordinator.Tell(new AddressSurrendered(_node, m.Address));
                return;
            }

            var withdrawn = _state.DecideWithdraw(m.Address);
            if (withdrawn is null)
            {
                return;
            }

            var leased = _state.IsLeased(m.Address);
            _state.Apply(withdrawn);
            PersistTracked(withdrawn, () =>
            {
                if (!leased)
                {
                    _coordinator.Tell(new AddressSurrendered(_node, m.Address));
                }
            });
            CheckWatermarks();
        });
        Command<GetNodePoolStats>(_ => Sender.Tell(new NodePoolStats(_node, _state.Usage(), _state.Blocks.Count)));
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdFor(_node.NodeId);

    protected override string Store => PersistenceStores.AddressAllocator;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The persistence id of a node's allocator (one journal per node id, across incarnations).</summary>
    public static string PersistenceIdFor(string nodeId) => $"address-allocator-{nodeId}";

    /// <summary>Props for the allocator of <paramref name="node"/>.</summary>
    public static Props Props(NodeIncarnation node, AddressPoolSettings settings, IActorRef coordinator) =>
        Akka.Actor.Props.Create(() => new NodeAddressAllocatorActor(node, settings, coordinator));

    private void Started()
    {
        // Again and again, not once: the coordinator is a singleton, and one that starts on another node
        // learns the allocators only from their check-ins (its pushes would reach nobody until then).
        _coordinator.Tell(new AllocatorCheckIn(_node));
        Timers.StartPeriodicTimer(CheckInTimer, CheckInDue.Instance, _settings.EffectiveCheckInInterval);
        CheckWatermarks();
    }

    private void Allocate(AllocateAddress m)
    {
        if (_retired)
        {
            Sender.Tell(AllocationResult.Failed(AllocationFailure.Unavailable));
            return;
        }

        if (m.StaticAddress is not null)
        {
            AllocateStatic(m);
            return;
        }

        if (_state.FindLease(m.SessionId) is { } existing)
        {
            Sender.Tell(AllocationResult.Of(ToLease(existing)));
            return;
        }

        var granted = _state.DecideLease(m.SessionId, m.UserName);
        if (granted is not null)
        {
            Lease(granted, Sender);
            return;
        }

        if (_poolExhausted)
        {
            Sender.Tell(AllocationResult.Failed(AllocationFailure.PoolExhausted));
            return;
        }

        var waiter = new Waiter(++_waiterNo, Sender, m.SessionId, m.UserName);
        _waiting.AddLast(waiter);
        Timers.StartSingleTimer(waiter.TimerKey, new WaitExpired(waiter.Id), _settings.EffectiveRequestTimeout);
        if (_requestInFlight is null)
        {
            RequestBlock();
        }
    }

    private void AllocateStatic(AllocateAddress m)
    {
        var replyTo = Sender;
        var staticAddress = m.StaticAddress!;
        if (!Ipv4.TryToUInt32(staticAddress, out var address))
        {
            replyTo.Tell(AllocationResult.Failed(AllocationFailure.StaticAddressInUse));
            return;
        }

        _coordinator
            .Ask<StaticGrantResult>(new GrantStatic(_node, address, m.SessionId), _settings.EffectiveRequestTimeout)
            .ContinueWith(
                t => t.IsCompletedSuccessfully
                    ? t.Result.Failure == AllocationFailure.None
                        ? AllocationResult.Of(new AddressLease(staticAddress, AddressPoolSettings.StaticPoolName, m.SessionId))
                        : AllocationResult.Failed(t.Result.Failure)
                    : AllocationResult.Failed(AllocationFailure.Unavailable),
                TaskScheduler.Default)
            .PipeTo(replyTo);
    }

    private void Release(ReleaseAddress m)
    {
        var replyTo = Sender;
        var lease = m.Lease;
        if (!Ipv4.TryToUInt32(lease.Address, out var address))
        {
            replyTo.Tell(AddressReleased.Instance);
            return;
        }

        if (string.Equals(lease.Pool, AddressPoolSettings.StaticPoolName, StringComparison.Ordinal))
        {
            _coordinator.Tell(new ReleaseStatic(address, lease.SessionId));
            replyTo.Tell(AddressReleased.Instance);
            return;
        }

        var released = _state.DecideRelease(address, lease.SessionId);
        if (released is null)
        {
            replyTo.Tell(AddressReleased.Instance);
            return;
        }

        var surrender = _state.IsWithdrawn(address);
        _state.Apply(released);
        PersistTracked(released, () =>
        {
            replyTo.Tell(AddressReleased.Instance);
            if (surrender)
            {
                _coordinator.Tell(new AddressSurrendered(_node, address));
            }
        });
        ServeWaiting();
        CheckWatermarks();
    }

    private void Lease(LeaseGranted granted, IActorRef replyTo)
    {
        _state.Apply(granted);
        var lease = new AddressLease(Ipv4.ToIPAddress(granted.Address), granted.Pool, granted.SessionId);
        PersistTracked(granted, () => replyTo.Tell(AllocationResult.Of(lease)));
        CheckWatermarks();
    }

    private void ServeWaiting()
    {
        while (_waiting.First is { } first)
        {
            var waiter = first.Value;
            if (_state.FindLease(waiter.SessionId) is { } existing)
            {
                _waiting.RemoveFirst();
                Timers.Cancel(waiter.TimerKey);
                waiter.ReplyTo.Tell(AllocationResult.Of(ToLease(existing)));
                continue;
            }

            var granted = _state.DecideLease(waiter.SessionId, waiter.UserName);
            if (granted is null)
            {
                return;
            }

            _waiting.RemoveFirst();
            Timers.Cancel(waiter.TimerKey);
            Lease(granted, waiter.ReplyTo);
        }
    }

    private void FailWaiting(AllocationFailure reason)
    {
        while (_waiting.First is { } first)
        {
            _waiting.RemoveFirst();
            Timers.Cancel(first.Value.TimerKey);
            first.Value.ReplyTo.Tell(AllocationResult.Failed(reason));
        }
    }

    private void CheckWatermarks()
    {
        if (_retired)
        {
            return;
        }

        if (_state.NeedsBlock(_settings.LowWatermark))
        {
            if (_requestInFlight is null && !_poolExhausted)
            {
                RequestBlock();
            }

            return;
        }

        while (_state.DecideGiveBack(_settings.LowWatermark, _settings.HighWatermark) is { } givenBack)
        {
            _state.Apply(givenBack);
            PersistTracked(givenBack, () => _coordinator.Tell(new ReturnBlock(_node, givenBack.Block)));
        }
    }

    private void RequestBlock()
    {
        _requestInFlight = ++_requestNo;
        _coordinator.Tell(new RequestBlock(_node, _requestNo));
        Timers.StartSingleTimer(BlockRequestTimer, new BlockRequestTimedOut(_requestNo), _settings.EffectiveRequestTimeout);
    }

    /// <summary>Writes an event that is applied already; <paramref name="then"/> runs once it is durable.</summary>
    private void PersistTracked(INodeAllocatorEvent e, Action then)
    {
        _pendingWrites++;
        _eventsSinceSnapshot++;
        PersistAsync(e, Timed<INodeAllocatorEvent>(_ =>
        {
            _pendingWrites--;
            then();
            if (_pendingWrites == 0 && _eventsSinceSnapshot >= _settings.SnapshotEvery)
            {
                // Only when every applied event is written, so the snapshot holds nothing that could still fail.
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
            }
        }));
    }

    private static AddressLease ToLease(LeaseRecord lease) => new(Ipv4.ToIPAddress(lease.Address), lease.Pool, lease.SessionId);

    private sealed record Waiter(long Id, IActorRef ReplyTo, string SessionId, string UserName)
    {
        public string TimerKey => $"wait-{Id}";
    }

    private sealed record BlockRequestTimedOut(long RequestNo);

    private sealed record WaitExpired(long Id);

    private sealed class ExhaustionPauseOver
    {
        public static readonly ExhaustionPauseOver Instance = new();
    }

    private sealed class CheckInDue
    {
        public static readonly CheckInDue Instance = new();
    }
}
