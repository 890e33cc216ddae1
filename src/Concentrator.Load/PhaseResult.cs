namespace Concentrator.Load;

/// <summary>One direction of a traffic phase.</summary>
/// <param name="Sent">Packets the senders handed to the network (or tunnel).</param>
/// <param name="SendFailures">Packets the senders could not hand over (GRE window full, socket refused).</param>
/// <param name="Received">Packets that arrived, stamped within the phase.</param>
/// <param name="Bytes">Their IP bytes.</param>
/// <param name="P50Microseconds">One-way latency, sender to receiver, median.</param>
/// <param name="P99Microseconds">One-way latency, 99th percentile.</param>
public sealed record DirectionResult(long Sent, long SendFailures, long Received, long Bytes, double P50Microseconds, double P99Microseconds)
{
    public static DirectionResult From(TrafficMeter meter) =>
        new(meter.Sent, meter.SendFailures, meter.Packets, meter.Bytes, meter.Latency.Percentile(0.50), meter.Latency.Percentile(0.99));
}

/// <summary>What one traffic phase measured, both ways, and what it cost the node.</summary>
/// <param name="Name">1400, 64 or latency.</param>
/// <param name="IpLength">IP packet length in bytes (header included).</param>
/// <param name="Seconds">How long the senders ran.</param>
/// <param name="OfferedPps">Packets/s asked of each direction's senders (0: flat out).</param>
/// <param name="Up">Client → LAN.</param>
/// <param name="Down">LAN → client.</param>
/// <param name="NodeCpuSeconds">The node's CPU time during the phase.</param>
/// <param name="ClientCpuSeconds">The load generator's CPU time during the phase.</param>
/// <param name="Gc">The node's collections per generation during the phase (null: /metrics not readable).</param>
/// <param name="NodeAllocatedBytes">Bytes the node allocated during the phase (null: not exported).</param>
/// <param name="PacketAllocatedBytes">The same less what the node allocated per second while only holding the sessions.</param>
/// <param name="NodeDrops">Packets the node dropped during the phase, by counter and reason (only those that moved).</param>
/// <param name="ClientDrops">What the traffic sessions' GRE windows and MPPE counted during the phase (only those that moved).</param>
public sealed record PhaseResult(
    string Name,
    int IpLength,
    double Seconds,
    int OfferedPps,
    DirectionResult Up,
    DirectionResult Down,
    double NodeCpuSeconds,
    double ClientCpuSeconds,
    int[]? Gc,
    double? NodeAllocatedBytes,
    double? PacketAllocatedBytes,
    IReadOnlyDictionary<string, double> NodeDrops,
    IReadOnlyDictionary<string, long> ClientDrops)
{
    public long Received => Up.Received + Down.Received;

    public double PacketsPerSecond => Received / Seconds;

    public double MbitPerSecond => (Up.Bytes + Down.Bytes) * 8 / Seconds / 1e6;

    /// <summary>Bytes the node allocated per packet it carried (either way), all allocations of the phase counted.</summary>
    public double? AllocatedPerPacket => NodeAllocatedBytes is { } bytes && Received > 0 ? bytes / Received : null;

    /// <summary>Bytes per packet beyond what the node allocates while only holding the sessions.</summary>
    public double? PacketAllocatedPerPacket => PacketAllocatedBytes is { } bytes && Received > 0 ? bytes / Received : null;
}
