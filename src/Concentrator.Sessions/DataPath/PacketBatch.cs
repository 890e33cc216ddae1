namespace Concentrator.Sessions.DataPath;

/// <summary>
/// Up to <see cref="Capacity"/> packets handed from one thread or actor to the next in one message,
/// so that the packet path costs one mailbox hop per batch, not per packet. Each packet has its own
/// fixed slot with <see cref="Headroom"/> bytes in front of it, so that headers (GRE, PPP, MPPE) can
/// be put in front of a packet in place. Batches come from <see cref="PacketBatchPool"/> and go back
/// to it when consumed; one owner at a time.
/// </summary>
public sealed class PacketBatch
{
    public const int Capacity = 32;
    public const int SlotSize = 2048;
    /// <summary>Room before each packet: GRE 16 + PPP 4 + MPPE 2 + inner protocol 2, rounded up.</summary>
    public const int Headroom = 32;
    /// <summary>The largest packet a slot holds.</summary>
    public const int MaxPacket = SlotSize - Headroom;

    private readonly byte[] _data = new byte[Capacity * SlotSize];
    private readonly int[] _offsets = new int[Capacity];
    private readonly int[] _lengths = new int[Capacity];

    /// <summary>What the packets are: GRE from a peer, or IP for a peer.</summary>
    public PacketBatchKind Kind { get; set; }

    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;

    /// <summary>Copies a packet into the next slot; false when the batch is full or the packet too large.</summary>
    public bool TryAppend(ReadOnlySpan<byte> packet)
    {
        if (Count == Capacity || packet.Length > MaxPacket) return false;
        var offset = Count * SlotSize + Headroom;
        packet.CopyTo(_data.AsSpan(offset));
        _offsets[Count] = offset;
        _lengths[Count] = packet.Length;
        Count++;
        return true;
    }

    /// <summary>The bytes of packet <paramref name="index"/>.</summary>
    public Span<byte> Packet(int index) => _data.AsSpan(_offsets[index], _lengths[index]);

    /// <summary>The whole slot of packet <paramref name="index"/> and where in it the packet starts.</summary>
    public Span<byte> Slot(int index, out int packetStart)
    {
        packetStart = _offsets[index] - index * SlotSize;
        return _data.AsSpan(index * SlotSize, SlotSize);
    }

    /// <summary>Moves packet <paramref name="index"/> within its slot (after headers were put in front or stripped).</summary>
    public void SetPacket(int index, int startInSlot, int length)
    {
        _offsets[index] = index * SlotSize + startInSlot;
        _lengths[index] = length;
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear() => Count = 0;
}

/// <summary>What a <see cref="PacketBatch"/> carries.</summary>
public enum PacketBatchKind
{
    /// <summary>GRE packets (header and payload, no IPv4 header) received from a peer.</summary>
    GreFromPeer,
    /// <summary>IP packets read from the TUN device, to be sent to a peer.</summary>
    IpToPeer,
}
