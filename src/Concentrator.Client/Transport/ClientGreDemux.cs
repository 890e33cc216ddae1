using Concentrator.Protocol.Gre;

namespace Concentrator.Client.Transport;

/// <summary>
/// Call ID → receiver for one GRE transport (RFC 2637 §4.1: the key of a received packet holds the
/// call ID this side gave the peer). Lookups on the receive path take no lock and allocate nothing;
/// registration takes a lock and hands out IDs round-robin, so that an ID just freed is not reused at
/// once (late packets of an ended call must not reach its successor). ID 0 is never handed out.
/// </summary>
public sealed class ClientGreDemux
{
    private const int Size = ushort.MaxValue + 1;

    private readonly IClientGreReceiver?[] _receivers = new IClientGreReceiver?[Size];
    private readonly Lock _gate = new();
    private int _next = 1;
    private int _count;
    private long _unknownCallId;
    private long _malformed;

    /// <summary>Receivers registered now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Packets whose call ID nobody has registered (late packets of ended calls, strays).</summary>
    public long UnknownCallId => Interlocked.Read(ref _unknownCallId);

    /// <summary>Packets that are not enhanced GRE (RFC 2637 §4.1).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <inheritdoc cref="IClientGreTransport.TryRegister"/>
    public bool TryRegister(IClientGreReceiver receiver, out ushort callId)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_gate)
        {
            for (var tried = 1; tried < Size; tried++)
            {
                var candidate = _next;
                _next = _next == ushort.MaxValue ? 1 : _next + 1;
                if (_receivers[candidate] is not null) continue;
                Volatile.Write(ref _receivers[candidate], receiver);
                _count++;
                callId = (ushort)candidate;
                return true;
            }
        }
        callId = 0;
        return false;
    }

    /// <inheritdoc cref="IClientGreTransport.Unregister"/>
    public void Unregister(ushort callId, IClientGreReceiver receiver)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_receivers[callId], receiver)) return;
            Volatile.Write(ref _receivers[callId], null);
            _count--;
        }
    }

    /// <summary>Hands one GRE packet to the receiver of its call ID; false when it is malformed or nobody wants it.</summary>
    public bool Dispatch(uint source, Span<byte> grePacket)
    {
        if (!GreHeader.TryDecode(grePacket, out var gre, out _))
        {
            Interlocked.Increment(ref _malformed);
            return false;
        }
        var receiver = Volatile.Read(ref _receivers[gre.CallId]);
        if (receiver is null)
        {
            Interlocked.Increment(ref _unknownCallId);
            return false;
        }
        receiver.OnGrePacket(source, grePacket);
        return true;
    }
}
