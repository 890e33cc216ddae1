using System.Diagnostics;

namespace Concentrator.Load;

/// <summary>What arrived in one direction of a traffic phase: packets, IP bytes, and the latency of each (from its stamp).</summary>
public sealed class TrafficMeter
{
    private long _packets;
    private long _bytes;
    private long _sent;
    private long _sendFailures;

    public LatencyHistogram Latency { get; } = new();

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Packets the senders of this direction handed to the network.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Packets the senders could not send (tunnel window full, socket refused).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Only packets stamped after this are counted (the phase's start; earlier ones are stragglers).</summary>
    public long Since { get; private set; } = long.MaxValue;

    /// <summary>Counts one received packet of <paramref name="ipLength"/> bytes whose payload carries a stamp.</summary>
    public void Record(ReadOnlySpan<byte> payload, int ipLength)
    {
        if (!LoadPackets.TryReadStamp(payload, out var sentAt, out _) || sentAt < Since) return;
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, ipLength);
        Latency.RecordSince(sentAt);
    }

    public void CountSent(long packets) => Interlocked.Add(ref _sent, packets);

    public void CountSendFailures(long packets) => Interlocked.Add(ref _sendFailures, packets);

    /// <summary>Zeroes everything and counts only packets sent from now on.</summary>
    public void Restart()
    {
        Interlocked.Exchange(ref _packets, 0);
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _sent, 0);
        Interlocked.Exchange(ref _sendFailures, 0);
        Latency.Reset();
        Since = Stopwatch.GetTimestamp();
    }

    /// <summary>Nothing counts any more (between phases).</summary>
    public void Stop() => Since = long.MaxValue;
}
