using Akka.Actor;
using Concentrator.Sessions.DataPath;

namespace Concentrator.Dataplane.DataPath;

/// <summary>
/// Groups the packets of one burst (one recvmmsg, or the TUN reads of one wake-up) by the actor
/// they go to: each actor gets one <see cref="PacketBatch"/> per burst with its packets in arrival
/// order (a new one when a batch is full), sent by <see cref="FlushAll"/>. So a burst costs one
/// mailbox message per session, however the sessions' packets interleave. Batches come from
/// <see cref="PacketBatchPool"/>; the receiving actor returns them. One thread only; no allocation
/// once the pool is warm.
/// <para>
/// Overload: a session that cannot keep up (one busy client at line rate, MPPE being the costly
/// part) would otherwise collect batches in its mailbox without bound, 64 KiB each, and the node
/// would run out of memory; a batch for an actor that already has <c>maxQueued</c> messages waiting
/// is dropped instead (counted in <see cref="Overloaded"/>), as a NIC drops when its ring is full.
/// </para>
/// </summary>
internal sealed class PacketBatcher
{
    private readonly PacketBatchKind _kind;
    private readonly int _maxQueued;
    private readonly IActorRef?[] _actors;
    private readonly PacketBatch?[] _batches;
    private int _open;

    /// <param name="kind">What the batches carry.</param>
    /// <param name="maxActors">Open batches at most (the largest burst); more flushes early.</param>
    /// <param name="maxQueued">Messages an actor may have waiting before its batches are dropped.</param>
    public PacketBatcher(PacketBatchKind kind, int maxActors, int maxQueued)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueued, 1);
        _kind = kind;
        _maxQueued = maxQueued;
        _actors = new IActorRef?[maxActors];
        _batches = new PacketBatch?[maxActors];
    }

    /// <summary>Messages sent to actors so far.</summary>
    public long Messages { get; private set; }

    /// <summary>Packets dropped so far because their actor's mailbox was full.</summary>
    public long Overloaded { get; private set; }

    /// <summary>Copies <paramref name="packet"/> into <paramref name="actor"/>'s batch; false when it is larger than a slot.</summary>
    public bool Add(IActorRef actor, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > PacketBatch.MaxPacket)
        {
            return false;
        }
        var index = IndexOf(actor);
        if (_batches[index]!.TryAppend(packet)) return true;
        Send(index);
        _batches[index] = Rent();
        return _batches[index]!.TryAppend(packet);
    }

    /// <summary>Sends every open batch to its actor.</summary>
    public void FlushAll()
    {
        for (var i = 0; i < _open; i++)
        {
            Send(i);
            _actors[i] = null;
            _batches[i] = null;
        }
        _open = 0;
    }

    private int IndexOf(IActorRef actor)
    {
        for (var i = 0; i < _open; i++)
        {
            if (ReferenceEquals(_actors[i], actor))
            {
                return i;
            }
        }
        if (_open == _actors.Length)
        {
            FlushAll();
        }
        _actors[_open] = actor;
        _batches[_open] = Rent();
        return _open++;
    }

    private PacketBatch Rent()
    {
        var batch = PacketBatchPool.Rent();
        batch.Kind = _kind;
        return batch;
    }

    private void Send(int index)
    {
        var actor = _actors[index]!;
        var batch = _batches[index]!;
        if (MailboxDepth(actor) >= _maxQueued)
        {
            Overloaded += batch.Count;
            PacketBatchPool.Return(batch);
            return;
        }
        actor.Tell(batch, ActorRefs.NoSender);
        Messages++;
    }

    /// <summary>
    /// Messages waiting in a local actor's mailbox (a lock-free count of its queue); 0 for actors
    /// whose mailbox cannot be seen. ActorRefWithCell is marked "internal API" by Akka.NET but is
    /// the only way to see a mailbox's depth without a round trip to the actor.
    /// </summary>
    private static int MailboxDepth(IActorRef actor) => actor is ActorRefWithCell cell ? cell.Underlying.NumberOfMessages : 0;
}
