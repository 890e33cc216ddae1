namespace Concentrator.Load;

/// <summary>What the setup phase measured.</summary>
/// <param name="Attempted">Setups started.</param>
/// <param name="Succeeded">Setups through IPCP Opened and the first packet back through the tunnel.</param>
/// <param name="Failures">Failed setups by reason ("AuthFailed in Authentication", "no first packet back", …).</param>
/// <param name="Seconds">From the first start to the last success.</param>
/// <param name="OfferedRate">Setups started per second, as asked.</param>
/// <param name="P50Milliseconds">Setup latency (TCP connect to the first packet back), median.</param>
/// <param name="P99Milliseconds">Setup latency, 99th percentile.</param>
/// <param name="NodeCpuSeconds">The node's CPU time during the phase.</param>
/// <param name="ClientCpuSeconds">The load generator's CPU time during the phase.</param>
/// <param name="NodeAllocatedBytes">Bytes the node allocated during the phase (null: not exported).</param>
/// <param name="NodeGcPauseSeconds">Time the node's threads stood still for garbage collection during the phase (null: not exported).</param>
/// <param name="WallSeconds">The phase from its first start to its last result, failures included.</param>
public sealed record SetupResult(
    int Attempted,
    int Succeeded,
    IReadOnlyDictionary<string, int> Failures,
    double Seconds,
    int OfferedRate,
    double P50Milliseconds,
    double P99Milliseconds,
    double NodeCpuSeconds,
    double ClientCpuSeconds,
    double? NodeAllocatedBytes,
    double? NodeGcPauseSeconds,
    double WallSeconds)
{
    public double PerSecond => Seconds > 0 ? Succeeded / Seconds : 0;

    /// <summary>KiB the node allocated per successful setup (what drives its garbage collections).</summary>
    public double? NodeAllocatedKibPerSetup => NodeAllocatedBytes is { } bytes && Succeeded > 0 ? bytes / 1024 / Succeeded : null;

    /// <summary>The share of the phase the node spent paused for garbage collection, in percent.</summary>
    public double? NodeGcPausePercent => NodeGcPauseSeconds is { } pause && WallSeconds > 0 ? pause / WallSeconds * 100 : null;
}

/// <summary>What the hold measured.</summary>
/// <param name="Held">Sessions still connected at the end of the hold.</param>
/// <param name="Seconds">How long they were held.</param>
/// <param name="NodeRssBefore">The node's RSS before the first setup.</param>
/// <param name="NodeRssHeld">The node's RSS at the end of the hold.</param>
/// <param name="ClientRssHeld">The load generator's RSS at the end of the hold.</param>
/// <param name="NodeCpuSeconds">The node's CPU time during the hold (LCP echo and timers).</param>
/// <param name="LcpEchoFailures">Calls the node ended during the hold because LCP Echo-Requests went unanswered (null: not readable).</param>
/// <param name="NodeAllocationRate">Bytes/s the node allocated while holding (LCP echo, timers, /metrics scrapes; null: not exported).</param>
/// <param name="ControlConnections">The control connections the node had open at the end of the hold (null: not readable).</param>
public sealed record HoldResult(int Held, double Seconds, long NodeRssBefore, long NodeRssHeld, long ClientRssHeld, double NodeCpuSeconds, double? LcpEchoFailures,
    double? NodeAllocationRate, double? ControlConnections)
{
    /// <summary>MiB of node RSS the sessions added, per 1,000 sessions.</summary>
    public double RssMibPer1000 => Held > 0 ? (NodeRssHeld - NodeRssBefore) / 1048576.0 / Held * 1000 : 0;
}

/// <summary>What the teardown measured.</summary>
/// <param name="HungUp">Sessions hung up.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="LeftOnNode">Sessions the node still reported afterwards (null: not readable).</param>
public sealed record TeardownResult(int HungUp, double Seconds, double? LeftOnNode);
