using System.Threading.Channels;

namespace Concentrator.Client;

/// <summary>
/// An <see cref="IClientPacketSink"/> that copies every packet into a queue to read asynchronously: for
/// tests and tools, not for the load generator's data path (it allocates an array per packet).
/// Bounded: when <see cref="Capacity"/> packets wait unread, new ones are dropped and counted.
/// </summary>
public sealed class PacketQueue : IClientPacketSink
{
    private readonly Channel<ReceivedPacket> _packets;
    private long _dropped;

    public PacketQueue(int capacity = 1024)
    {
        Capacity = capacity;
        _packets = Channel.CreateBounded<ReceivedPacket>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    public int Capacity { get; }

    /// <summary>Packets dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void OnIpPacket(PptpCall call, ReadOnlySpan<byte> ipPacket)
    {
        if (!_packets.Writer.TryWrite(new ReceivedPacket(call, ipPacket.ToArray()))) Interlocked.Increment(ref _dropped);
    }

    /// <summary>The next packet, waiting at most <paramref name="timeout"/> (then <see cref="TimeoutException"/>).</summary>
    public async Task<ReceivedPacket> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await _packets.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No IP packet arrived within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>A packet already queued, without waiting.</summary>
    public bool TryRead(out ReceivedPacket packet) => _packets.Reader.TryRead(out packet!);
}

/// <summary>A decrypted IP packet and the call it came on.</summary>
public sealed record ReceivedPacket(PptpCall Call, byte[] Packet);
