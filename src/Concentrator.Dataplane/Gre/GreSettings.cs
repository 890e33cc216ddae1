using System.Net;

namespace Concentrator.Dataplane.Gre;

/// <summary>The GRE raw socket (IP protocol 47) and its receive loop.</summary>
public sealed record GreSettings
{
    /// <summary>Receive only GRE sent to this local address (and send from it); null for every local address.</summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>SO_RCVBUF in bytes: room for bursts while the receive thread is busy (set with SO_RCVBUFFORCE, beyond rmem_max).</summary>
    public int ReceiveBufferSize { get; init; } = 8 << 20;

    /// <summary>SO_SNDBUF in bytes.</summary>
    public int SendBufferSize { get; init; } = 4 << 20;

    /// <summary>Datagrams taken per recvmmsg(2).</summary>
    public int ReceiveBatch { get; init; } = 64;

    /// <summary>
    /// Messages a call actor may have waiting before GRE for it is dropped (overload): bounds the
    /// memory and the delay a call that cannot keep up builds (64 × up to 32 packets).
    /// </summary>
    public int MaxQueuedBatches { get; init; } = 64;

    /// <summary>How often the receive loop looks up from an idle socket to see whether it should stop.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferSize, 4096, nameof(ReceiveBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendBufferSize, 4096, nameof(SendBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBatch, 1, nameof(ReceiveBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedBatches, 1, nameof(MaxQueuedBatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(PollInterval, TimeSpan.FromMilliseconds(1), nameof(PollInterval));
    }
}
