using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// A reusable set of packet slots for <see cref="RawGreSocket.ReceiveBatch"/> (recvmmsg) and
/// <see cref="RawGreSocket.SendBatch"/> (sendmmsg): <see cref="Capacity"/> slots of
/// <see cref="SlotSize"/> bytes, each with a length and an IPv4 address (the source after a receive,
/// the destination for a send). All memory sits on the pinned object heap and the kernel's mmsghdr,
/// iovec and sockaddr_in arrays are built once, so a batch costs no allocation per use. Not
/// thread-safe: one batch per receiving or sending thread.
/// </summary>
public sealed unsafe class MessageBatch
{
    /// <summary>Room for a 1500-byte IPv4 packet and then some (reassembled GRE up to 2 KiB).</summary>
    public const int DefaultSlotSize = 2048;

    private readonly byte[] _data;
    private readonly Libc.MMsgHdr[] _headers;
    private readonly Libc.IoVec[] _vectors;
    private readonly Libc.SockAddrIn[] _addresses;
    private readonly int[] _lengths;
    private int _count;

    public MessageBatch(int capacity, int slotSize = DefaultSlotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 64);
        Capacity = capacity;
        SlotSize = slotSize;
        _data = GC.AllocateArray<byte>(checked(capacity * slotSize), pinned: true);
        _headers = GC.AllocateArray<Libc.MMsgHdr>(capacity, pinned: true);
        _vectors = GC.AllocateArray<Libc.IoVec>(capacity, pinned: true);
        _addresses = GC.AllocateArray<Libc.SockAddrIn>(capacity, pinned: true);
        _lengths = new int[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _vectors[i].Base = Unsafe.AsPointer(ref _data[i * slotSize]);
            _headers[i].Header.Name = Unsafe.AsPointer(ref _addresses[i]);
            _headers[i].Header.Iov = (Libc.IoVec*)Unsafe.AsPointer(ref _vectors[i]);
            _headers[i].Header.IovLength = 1;
        }
    }

    public int Capacity { get; }

    public int SlotSize { get; }

    /// <summary>
    /// Packets in the batch: set by a receive; before a send, the caller's packets are slots
    /// 0 .. Count-1 (<see cref="TryAdd"/> and <see cref="SetPacket"/> maintain it).
    /// </summary>
    public int Count
    {
        get => _count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Capacity);
            _count = value;
        }
    }

    internal Libc.MMsgHdr* Headers => (Libc.MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_headers));

    /// <summary>The whole slot, to write a packet into before <see cref="SetPacket"/>.</summary>
    public Span<byte> GetSlot(int index)
    {
        CheckIndex(index, Capacity);
        return _data.AsSpan(index * SlotSize, SlotSize);
    }

    /// <summary>The packet in slot <paramref name="index"/> (after a receive: IPv4 header + GRE).</summary>
    public ReadOnlySpan<byte> GetPacket(int index)
    {
        CheckIndex(index, _count);
        return _data.AsSpan(index * SlotSize, _lengths[index]);
    }

    public int GetLength(int index)
    {
        CheckIndex(index, _count);
        return _lengths[index];
    }

    /// <summary>The source (after a receive) or destination (for a send) in <see cref="Concentrator.Protocol.Ip.Ipv4"/> form.</summary>
    public uint GetAddress(int index)
    {
        CheckIndex(index, _count);
        return _addresses[index].HostOrderAddress;
    }

    /// <summary>True when the received datagram was longer than <see cref="SlotSize"/> and was cut.</summary>
    public bool IsTruncated(int index)
    {
        CheckIndex(index, _count);
        return (_headers[index].Header.Flags & Libc.MSG_TRUNC) != 0;
    }

    /// <summary>
    /// Declares the first <paramref name="length"/> bytes of slot <paramref name="index"/> a packet
    /// for <paramref name="destination"/>, and grows <see cref="Count"/> to cover it.
    /// </summary>
    public void SetPacket(int index, int length, uint destination)
    {
        CheckIndex(index, Capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotSize);
        _lengths[index] = length;
        _vectors[index].Length = (nuint)length;
        _addresses[index] = Libc.SockAddrIn.For(destination);
        _headers[index].Header.NameLength = (uint)sizeof(Libc.SockAddrIn);
        _headers[index].Header.Flags = 0;
        if (index >= _count)
        {
            _count = index + 1;
        }
    }

    /// <summary>Copies a packet into the next free slot; false when the batch is full or it does not fit.</summary>
    public bool TryAdd(ReadOnlySpan<byte> packet, uint destination)
    {
        if (_count == Capacity || packet.Length > SlotSize)
        {
            return false;
        }
        packet.CopyTo(_data.AsSpan(_count * SlotSize, SlotSize));
        SetPacket(_count, packet.Length, destination);
        return true;
    }

    public void Clear() => _count = 0;

    /// <summary>Arms every slot for recvmmsg: full slot length, room for a sockaddr_in.</summary>
    internal void PrepareReceive()
    {
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Length = (nuint)SlotSize;
            _headers[i].Header.NameLength = (uint)sizeof(Libc.SockAddrIn);
            _headers[i].Header.Flags = 0;
            _headers[i].Length = 0;
        }
        _count = 0;
    }

    /// <summary>
    /// Takes the lengths recvmmsg wrote into the first <paramref name="received"/> headers and
    /// returns how many packets there are. A zero-length entry is not a packet (an IPv4 datagram
    /// is never empty) but the end-of-file read of a socket that was shut down, which recvmmsg
    /// counts as a datagram; it and anything after it are dropped.
    /// </summary>
    internal int CompleteReceive(int received)
    {
        var count = 0;
        while (count < received && _headers[count].Length != 0)
        {
            _lengths[count] = (int)Math.Min(_headers[count].Length, (uint)SlotSize);
            count++;
        }
        _count = count;
        return count;
    }

    private static void CheckIndex(int index, int limit)
    {
        if ((uint)index >= (uint)limit)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"slot index must be below {limit}");
        }
    }
}
