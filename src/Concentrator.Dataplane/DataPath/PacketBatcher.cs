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
/// </summary>
internal sealed class PacketBatcher
{
    private readonly PacketBatchKind _kind;
    private readonly IActorRef?[] _actors;
    private readonly PacketBatch?[] _batches;
    private int _open;

    /// <param name="kind">What the batches carry.</param>
    /// <param name="maxActors">Open batches at most (the largest burst); more flushes early.</param>
    public PacketBatcher(PacketBatchKind kind, int maxActors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActors, 1);
        _kind = kind;
        _actors = new IActorRef?[maxActors];
        _batches = new PacketBatch?[maxActors];
    }

    /// <summary>Messages sent to actors so far.</summary>
    public long Messages { get; private set; }

    /// <summary>Copies <paramref name="packet"/> into <paramref name="actor"/>'s batch; false when it is larger than a slot.</summary>
    public bool Add(IActorRef actor, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > PacketBatch.MaxPacket)
        {
            return false;
        }
        var index = IndexOf(actor);
        var batch = _batches[index]!;
        if (batch.IsFull)
        {
            Send(index);
            batch = _batches[index] = Rent();
        }
        batch.TryAppend(packet);
        return true;
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
        _actors[index]!.Tell(_batches[index], ActorRefs.NoSender);
        Messages++;
    }
}
