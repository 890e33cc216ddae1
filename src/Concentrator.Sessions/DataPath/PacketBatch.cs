namespace Concentrator.Sessions.DataPath;

/// <summary>
/// Up to <see cref="Capacity"/> packets handed from one thread or actor to the next in one message,
/// so that the packet path costs one mailbox hop per batch, not per packet. Packets are packed one
/// after another in one buffer, each with <see cref="Headroom"/> bytes in front of it so that headers
/// (GRE, PPP, MPPE) can be put in front of a packet in place. Batches come from
/// <see cref="PacketBatchPool"/> and go back to it when consumed; one owner at a time.
/// </summary>
public sealed class PacketBatch
{
    public const int Capacity = 32;
    /// <summary>The buffer: 16 KiB keeps batches small (a session with a packet or two waiting holds little) and off the large-object heap.</summary>
    public const int BufferSize = 16 * 1024;
    /// <summary>Room before each packet: GRE 16 + PPP 4 + MPPE 2 + inner protocol 2, rounded up.</summary>
    public const int Headroom = 32;
    /// <summary>The largest packet a batch takes (more than any MTU a tunnel can have).</summary>
    public const int MaxPacket = 2048 - Headroom;

    private readonly byte[] _data = new byte[BufferSize];
    private readonly int[] _starts = new int[Capacity];   // where each packet's headroom begins
    private readonly int[] _offsets = new int[Capacity];  // where each packet begins
    private readonly int[] _lengths = new int[Capacity];
    private int _used;

    /// <summary>What the packets are: GRE from a peer, or IP for a peer.</summary>
    public PacketBatchKind Kind { get; set; }

    public int Count { get; private set; }

    /// <summary>Copies a packet in; false when the batch has no room for it (send it and take a new one) or the packet is too large.</summary>
    public bool TryAppend(ReadOnlySpan<byte> packet)
    {
        var reserve = (Headroom + packet.Length + 7) & ~7;
        if (Count == Capacity || packet.Length > MaxPacket || _used + reserve > BufferSize) return false;
        _starts[Count] = _used;
        _offsets[Count] = _used + Headroom;
        _lengths[Count] = packet.Length;
        packet.CopyTo(_data.AsSpan(_used + Headroom));
        _used += reserve;
        Count++;
        return true;
    }

    /// <summary>The bytes of packet <paramref name="index"/>.</summary>
    public Span<byte> Packet(int index) => _data.AsSpan(_offsets[index], _lengths[index]);

    /// <summary>Packet <paramref name="index"/> with its headroom in front, and where in that span the packet starts.</summary>
    public Span<byte> Slot(int index, out int packetStart)
    {
        packetStart = _offsets[index] - _starts[index];
        return _data.AsSpan(_starts[index], packetStart + _lengths[index]);
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        _used = 0;
    }
}

/// <summary>What a <see cref="PacketBatch"/> carries.</summary>
public enum PacketBatchKind
{
    /// <summary>GRE packets (header and payload, no IPv4 header) received from a peer.</summary>
    GreFromPeer,
    /// <summary>IP packets read from the TUN device, to be sent to a peer.</summary>
    IpToPeer,
}
