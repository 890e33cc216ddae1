namespace Concentrator.Protocol.Gre;

/// <summary>Tuning of the GRE sliding window (RFC 2637 §4.2–4.4).</summary>
public sealed record GreSequencerSettings
{
    /// <summary>Our receive window, told to the peer in the Outgoing-Call-Reply (§2.8).</summary>
    public ushort ReceiveWindow { get; init; } = 64;

    /// <summary>How far ahead of the next expected sequence number a packet may be held for reordering.</summary>
    public int ReorderWindow { get; init; } = 16;

    /// <summary>How long a packet waits for the gap before it to fill.</summary>
    public TimeSpan ReorderTimeout { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>How long received data may stay unacknowledged before a lone ack is sent (§4.4).</summary>
    public TimeSpan AckDelay { get; init; } = TimeSpan.FromMilliseconds(100);
}
