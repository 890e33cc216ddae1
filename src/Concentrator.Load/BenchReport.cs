using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Concentrator.Load;

/// <summary>Everything one run measured: printed as one table, then as one JSON object on the last line.</summary>
public sealed record BenchReport(
    LoadOptions Options,
    SetupResult Setup,
    HoldResult Hold,
    IReadOnlyList<PhaseResult> Phases,
    TeardownResult Teardown,
    long ClientGreSendErrors)
{
    private PhaseResult? Phase(string name) => Phases.FirstOrDefault(p => p.Name == name);

    /// <summary>Gen-2 collections of the node over the traffic phases (null: /metrics not readable).</summary>
    public int? Gen2Collections => Phases.Count == 0 || Phases.Any(p => p.Gc is null) ? null : Phases.Sum(p => p.Gc![2]);

    /// <summary>The table, one figure a line, with the target beside it.</summary>
    public string Table()
    {
        var rows = new List<(string Figure, string Value, string Target)>();
        var s = Setup;
        rows.Add(("full session setups per second", $"{s.PerSecond:0} /s ({s.Succeeded} of {s.Attempted} in {s.Seconds:0.0} s, {s.OfferedRate}/s offered)", "≥ 2000 /s"));
        rows.Add(("setup latency p50 / p99", $"{s.P50Milliseconds:0.0} / {s.P99Milliseconds:0.0} ms", "p99 < 250 ms"));
        if (s.Failures.Count > 0)
            rows.Add(("setup failures", string.Join(", ", s.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value} {f.Key}")), "0"));
        rows.Add(("concurrent sessions held", $"{Hold.Held} for {Hold.Seconds:0} s (LCP echo on{(Hold.LcpEchoFailures is { } e ? $", {e:0} calls ended by echo failures" : "")}" +
            $"{(Hold.ControlConnections is { } c ? $"; {c:0} control connections" : "")})", "60000"));
        rows.Add(("node RSS per 1,000 sessions", $"{Hold.RssMibPer1000:0.0} MiB ({Mib(Hold.NodeRssHeld)} MiB total, {Mib(Hold.NodeRssBefore)} MiB idle)", "< 51 MiB (3 GiB / 60k)"));
        if (Hold.NodeAllocationRate is { } rate)
            rows.Add(("node allocations while holding", $"{rate / 1024:0} KiB/s (LCP echo, timers, /metrics scrapes)", ""));
        rows.Add(("load generator RSS held", $"{Mib(Hold.ClientRssHeld)} MiB", ""));
        rows.Add(("CPU seconds per 1,000 setups", $"node {PerThousand(s.NodeCpuSeconds, s.Succeeded):0.00} s, load generator {PerThousand(s.ClientCpuSeconds, s.Succeeded):0.00} s", ""));
        if (s.NodeAllocatedKibPerSetup is { } kib)
            rows.Add(("node allocation per setup", $"{kib:0.0} KiB{(s.NodeGcPausePercent is { } pause ? $"; GC pauses {pause:0}% of the setup phase" : "")}", ""));
        foreach (var p in Phases)
        {
            var label = p.Name switch
            {
                "1400" => $"MPPE-128 at 1400-byte packets ({p.IpLength} B IP)",
                "64" => $"MPPE-128 at 64-byte payloads ({p.IpLength} B IP)",
                _ => $"light load ({p.IpLength} B IP)",
            };
            var offered = p.OfferedPps == 0 ? "flat out" : $"{p.OfferedPps}/s offered";
            rows.Add((label, $"{p.MbitPerSecond:0} Mbit/s, {p.PacketsPerSecond:0} pkt/s both ways (up {Dir(p.Up, p.Seconds)}; down {Dir(p.Down, p.Seconds)}; each way {offered})",
                p.Name switch { "1400" => "≥ 1000 Mbit/s", "64" => "≥ 150000 pkt/s", _ => "" }));
            rows.Add(("", $"node {p.NodeCpuSeconds / p.Seconds * 100:0}% cpu, load generator {p.ClientCpuSeconds / p.Seconds * 100:0}% cpu; GC gen0/1/2 {(p.Gc is null ? "?" : string.Join('/', p.Gc))}" +
                (p.AllocatedPerPacket is { } a ? $"; node allocated {a:0.0} B/packet ({p.PacketAllocatedPerPacket:0.0} beyond holding)" : ""), ""));
            if (p.NodeDrops.Count > 0 || p.ClientDrops.Count > 0)
                rows.Add(("", "drops: " + string.Join("; ", new[]
                {
                    p.NodeDrops.Count > 0 ? "node " + string.Join(", ", p.NodeDrops.Select(d => $"{d.Key} {d.Value:0}")) : null,
                    p.ClientDrops.Count > 0 ? "client " + string.Join(", ", p.ClientDrops.Select(d => $"{d.Key} {d.Value}")) : null,
                }.OfType<string>()), ""));
        }
        if (Phase("latency") is { } l)
            rows.Add(("packet latency added p50 / p99", $"up {Us(l.Up.P50Microseconds)} / {Us(l.Up.P99Microseconds)}, down {Us(l.Down.P50Microseconds)} / {Us(l.Down.P99Microseconds)} (one way, at {l.OfferedPps}/s)", ""));
        if (Phase("64") is { } loaded)
            rows.Add(("packet latency under the 64-byte load", $"up {Us(loaded.Up.P50Microseconds)} / {Us(loaded.Up.P99Microseconds)}, down {Us(loaded.Down.P50Microseconds)} / {Us(loaded.Down.P99Microseconds)}", ""));
        rows.Add(("node GC gen-2 during steady traffic", Gen2Collections?.ToString(CultureInfo.InvariantCulture) ?? "?", "0"));
        if (ClientGreSendErrors > 0)
            rows.Add(("load generator GRE send errors", $"{ClientGreSendErrors} (its socket refused packets: the figures above undercount what was offered)", "0"));
        rows.Add(("teardown", $"{Teardown.HungUp} hung up in {Teardown.Seconds:0.0} s; node reports {(Teardown.LeftOnNode is { } left ? left.ToString("0", CultureInfo.InvariantCulture) : "?")} left", ""));

        var w1 = rows.Max(r => r.Figure.Length);
        var w2 = Math.Min(110, rows.Max(r => r.Value.Length));
        var sb = new StringBuilder();
        sb.AppendLine($"concentrator bench: {Options.Sessions} sessions at {Options.Rate}/s, {Options.TrafficSessions} traffic sessions, {Options.ClientAddresses.Count} client address(es); node and load generator share {Environment.ProcessorCount} cores");
        sb.AppendLine($"{"figure".PadRight(w1)} | {"measured".PadRight(w2)} | target");
        sb.AppendLine($"{new string('-', w1)}-+-{new string('-', w2)}-+-{new string('-', 24)}");
        foreach (var (figure, value, target) in rows) sb.AppendLine($"{figure.PadRight(w1)} | {value.PadRight(w2)} | {target}");
        return sb.ToString();
    }

    /// <summary>The figures for scripts, one JSON object.</summary>
    public string Json()
    {
        var p1400 = Phase("1400");
        var p64 = Phase("64");
        var latency = Phase("latency");
        var figures = new SortedDictionary<string, double?>(StringComparer.Ordinal)
        {
            ["setups_per_s"] = Round(Setup.PerSecond),
            ["setup_p50_ms"] = Round(Setup.P50Milliseconds),
            ["setup_p99_ms"] = Round(Setup.P99Milliseconds),
            ["setup_failures"] = Setup.Failures.Values.Sum(),
            ["sessions_held"] = Hold.Held,
            ["control_connections_held"] = Hold.ControlConnections,
            ["node_rss_mib"] = Round(Mib(Hold.NodeRssHeld)),
            ["rss_mib_per_1000"] = Round(Hold.RssMibPer1000),
            ["node_cpu_s_per_1000_setups"] = Round(PerThousand(Setup.NodeCpuSeconds, Setup.Succeeded)),
            ["client_cpu_s_per_1000_setups"] = Round(PerThousand(Setup.ClientCpuSeconds, Setup.Succeeded)),
            ["node_alloc_kib_per_setup"] = Round(Setup.NodeAllocatedKibPerSetup),
            ["setup_gc_pause_pct"] = Round(Setup.NodeGcPausePercent),
            ["mbit_s_1400"] = Round(p1400?.MbitPerSecond),
            ["pps_1400"] = Round(p1400?.PacketsPerSecond),
            ["pps_64"] = Round(p64?.PacketsPerSecond),
            ["mbit_s_64"] = Round(p64?.MbitPerSecond),
            ["latency_p50_us"] = Round(latency is null ? null : Math.Max(latency.Up.P50Microseconds, latency.Down.P50Microseconds)),
            ["latency_p99_us"] = Round(latency is null ? null : Math.Max(latency.Up.P99Microseconds, latency.Down.P99Microseconds)),
            ["gen2_gcs"] = Gen2Collections,
            ["node_alloc_bytes_per_packet"] = Round(p64?.PacketAllocatedPerPacket),
            ["teardown_s"] = Round(Teardown.Seconds),
        };
        return JsonSerializer.Serialize(figures);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static double PerThousand(double value, int count) => count > 0 ? value / count * 1000 : 0;

    private static double Mib(long bytes) => Math.Round(bytes / 1048576.0);

    private static string Us(double microseconds) => microseconds >= 1000 ? $"{microseconds / 1000:0.0} ms" : $"{microseconds:0} µs";

    private static string Dir(DirectionResult d, double seconds)
    {
        var lost = d.Sent > 0 ? 100.0 * (d.Sent - d.Received) / d.Sent : 0;
        return $"{d.Received / seconds:0} pkt/s, {d.Bytes * 8 / seconds / 1e6:0} Mbit/s, {lost:0.#}% lost" + (d.SendFailures > 0 ? $", {d.SendFailures} not sent" : "");
    }
}
