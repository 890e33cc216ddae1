namespace Concentrator.Sessions.Control;

/// <summary>
/// Hands out the call IDs this node gives its calls (RFC 2637 §2.7 Call ID, the key in the peer's GRE
/// packets, §4.1), unique on the node across all control connections. ID 0 is never used. Lock-free:
/// a bitmap claimed with compare-and-swap, searched from a rotating cursor so that a freed ID is not
/// reused at once (late GRE packets of an ended call must not reach a new one).
/// </summary>
public sealed class CallIdAllocator
{
    private const int Capacity = 65536;
    private readonly long[] _bits = new long[Capacity / 64];
    private int _cursor;
    private int _inUse;

    public CallIdAllocator() => _bits[0] = 1; // call ID 0 is reserved

    /// <summary>How many IDs are taken.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Takes a free ID; false when all 65,535 are in use.</summary>
    public bool TryAllocate(out ushort callId)
    {
        var start = Interlocked.Increment(ref _cursor) & (Capacity - 1);
        for (var n = 0; n < Capacity; n++)
        {
            var id = (start + n) & (Capacity - 1);
            ref var word = ref _bits[id >> 6];
            var mask = 1L << (id & 63);
            var old = Volatile.Read(ref word);
            while ((old & mask) == 0)
            {
                var seen = Interlocked.CompareExchange(ref word, old | mask, old);
                if (seen == old)
                {
                    Interlocked.Exchange(ref _cursor, id);
                    Interlocked.Increment(ref _inUse);
                    callId = (ushort)id;
                    return true;
                }
                old = seen;
            }
        }
        callId = 0;
        return false;
    }

    /// <summary>Gives an ID back.</summary>
    public void Release(ushort callId)
    {
        if (callId == 0) return;
        ref var word = ref _bits[callId >> 6];
        var mask = 1L << (callId & 63);
        var old = Interlocked.And(ref word, ~mask);
        if ((old & mask) != 0) Interlocked.Decrement(ref _inUse);
    }
}
