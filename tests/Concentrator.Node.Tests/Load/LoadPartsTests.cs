using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Concentrator.Load;

namespace Concentrator.Node.Tests.Load;

/// <summary>The load generator's pieces that need no namespaces: options, latency histogram, packets, pacing, the report.</summary>
public sealed class LoadPartsTests
{
    [Fact]
    public void Options_parse_every_name_and_refuse_bad_values()
    {
        var o = LoadOptions.Parse(["--sessions", "60000", "--rate", "2000", "--client-addresses", "198.18.0.2, 198.18.0.3", "--lan-netns", "lan", "--settle", "0", "--calls-per-connection", "4"]);
        Assert.Equal(60000, o.Sessions);
        Assert.Equal(4, o.CallsPerConnection);
        Assert.Equal(1, new LoadOptions().CallsPerConnection);
        Assert.Equal(2000, o.Rate);
        Assert.Equal([IPAddress.Parse("198.18.0.2"), IPAddress.Parse("198.18.0.3")], o.ClientAddresses);
        Assert.Equal("lan", o.LanNamespace);
        Assert.Equal(0, o.SettleSeconds);
        Assert.Equal(new LoadOptions().TrafficSessions, o.TrafficSessions);

        Assert.Contains("--rate", Assert.Throws<FormatException>(() => LoadOptions.Parse(["--rate", "0"])).Message);
        Assert.Contains("--calls-per-connection", Assert.Throws<FormatException>(() => LoadOptions.Parse(["--calls-per-connection", "0"])).Message);
        Assert.Contains("--server", Assert.Throws<FormatException>(() => LoadOptions.Parse(["--server", "::1"])).Message);
        Assert.Contains("unknown option --bogus", Assert.Throws<FormatException>(() => LoadOptions.Parse(["--bogus", "1"])).Message);
        Assert.Contains("needs a value", Assert.Throws<FormatException>(() => LoadOptions.Parse(["--sessions"])).Message);
        Assert.Contains("more than --sessions", Assert.Throws<FormatException>(() => LoadOptions.Parse(["--sessions", "10", "--traffic-sessions", "11"])).Message);
    }

    [Fact]
    public void Histogram_percentiles_are_within_one_sixteenth()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.Percentile(0.99));
        for (var v = 1; v <= 10_000; v++) histogram.RecordMicroseconds(v);
        Assert.Equal(10_000, histogram.Count);
        Assert.InRange(histogram.Percentile(0.50), 5000, 5000 * 17 / 16.0);
        Assert.InRange(histogram.Percentile(0.99), 9900, 9900 * 17 / 16.0);
        Assert.Equal(1, histogram.Percentile(0.0001));
        histogram.Reset();
        Assert.Equal(0, histogram.Count);

        // Buckets are contiguous and each value lies at or below its bucket's upper bound.
        var previous = -1;
        foreach (var value in new long[] { 0, 1, 15, 16, 17, 31, 32, 33, 1000, 123_456, 10_000_000_000 })
        {
            var index = LatencyHistogram.Index(value);
            Assert.True(index >= previous);
            Assert.True(value <= LatencyHistogram.UpperBound(index), $"{value} above bucket {index}");
            Assert.True(index == 0 || value > LatencyHistogram.UpperBound(index - 1), $"{value} belongs below bucket {index}");
            previous = index;
        }
    }

    [Fact]
    public void Echo_request_is_valid_and_its_reply_names_the_session()
    {
        var request = LoadPackets.EchoRequest(0x0A600005, 0xC613000A, 70_000);
        Assert.Equal(0, LoadPackets.Checksum(request.AsSpan(0, 20)));  // RFC 791: header checksum verifies to zero
        Assert.Equal(0, LoadPackets.Checksum(request.AsSpan(20)));      // RFC 792: so does the ICMP checksum
        Assert.Equal(-1, LoadPackets.EchoReplySession(request));        // a request is not a reply

        // The LAN host's reply: type 0, addresses swapped, identifier and sequence kept.
        var reply = (byte[])request.Clone();
        reply[20] = 0;
        Assert.Equal(70_000, LoadPackets.EchoReplySession(reply));
        Assert.Equal(-1, LoadPackets.EchoReplySession(reply.AsSpan(0, 24)));
    }

    [Fact]
    public void Udp_packets_carry_a_stamp_that_reads_back()
    {
        var packet = LoadPackets.Udp(0x0A600005, 0xC613000A, 5004, LanTraffic.UpPort, 92);
        Assert.Equal(92, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
        Assert.Equal(72, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(24)));
        Assert.Equal(0, LoadPackets.Checksum(packet.AsSpan(0, 20)));
        LoadPackets.Stamp(packet.AsSpan(28), 123_456_789, 42);

        var payload = LoadPackets.UdpPayload(packet, LanTraffic.UpPort);
        Assert.Equal(64, payload.Length);
        Assert.True(LoadPackets.TryReadStamp(payload, out var stamp, out var session));
        Assert.Equal((123_456_789L, 42), (stamp, session));
        Assert.True(LoadPackets.UdpPayload(packet, 9).IsEmpty);
        Assert.False(LoadPackets.TryReadStamp(payload[..11], out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadPackets.Udp(1, 2, 3, 4, 39));
    }

    [Fact]
    public void Meter_counts_only_packets_stamped_in_its_phase()
    {
        var meter = new TrafficMeter();
        var payload = new byte[LoadPackets.StampLength];
        LoadPackets.Stamp(payload, Stopwatch.GetTimestamp(), 1);
        meter.Record(payload, 100);
        Assert.Equal(0, meter.Packets); // not started

        meter.Restart();
        meter.Record(payload, 100);     // stamped before the phase
        LoadPackets.Stamp(payload, Stopwatch.GetTimestamp(), 1);
        meter.Record(payload, 100);
        meter.CountSent(3);
        Assert.Equal((1L, 100L, 3L, 1L), (meter.Packets, meter.Bytes, meter.Sent, meter.Latency.Count));
        meter.Stop();
        meter.Record(payload, 100);
        Assert.Equal(1, meter.Packets);
    }

    [Fact]
    public void Pacer_owes_the_rate_and_does_not_catch_up_without_bound()
    {
        var start = Stopwatch.GetTimestamp();
        var pacer = new Pacer(1000, start);
        Assert.Equal(0, pacer.Due(start));
        Assert.Equal(100, pacer.Due(start + Stopwatch.Frequency / 10));
        pacer.Done(100);
        Assert.Equal(0, pacer.Due(start + Stopwatch.Frequency / 10));
        Assert.Equal(Pacer.MaxBurst, pacer.Due(start + Stopwatch.Frequency * 10));
        Assert.Equal(Pacer.MaxBurst, new Pacer(0, start).Due(start));
    }

    [Fact]
    public void Round_robin_sends_to_each_item_in_turn_and_counts_failures()
    {
        var meter = new TrafficMeter();
        var calls = new List<int>();
        using var stop = new CancellationTokenSource();
        Pacer.RoundRobin(3, 0, long.MaxValue, meter, index =>
        {
            calls.Add(index);
            stop.Cancel();
            return index != 2;
        }, stop.Token);

        // Flat out, one burst goes out before the loop sees the stop.
        Assert.Equal(Enumerable.Range(0, Pacer.MaxBurst).Select(i => i % 3), calls);
        Assert.Equal((171L, 85L), (meter.Sent, meter.SendFailures));
        Pacer.RoundRobin(0, 0, long.MaxValue, meter, _ => throw new InvalidOperationException(), CancellationToken.None);
    }

    [Fact]
    public void Report_prints_a_table_and_the_json_keys_scripts_read()
    {
        var options = new LoadOptions { Sessions = 100, TrafficSessions = 4 };
        var setup = new SetupResult(100, 99, new Dictionary<string, int> { ["Timeout"] = 1 }, 2.0, 50, 12.5, 80.25, 0.5, 0.25,
            NodeAllocatedBytes: 99 * 50 * 1024, NodeGcPauseSeconds: 0.5, WallSeconds: 2.5);
        var hold = new HoldResult(99, 5, 100 << 20, 199 << 20, 50 << 20, 0.1, 0, 4096, 25);
        var direction = new DirectionResult(1000, 0, 900, 900 * 1396, 50, 400);
        var phases = new[]
        {
            new PhaseResult("1400", 1396, 1.0, 1000, direction, direction, 0.5, 0.5, [1, 0, 0], 1000, 0, new Dictionary<string, double>(), new Dictionary<string, long>()),
            new PhaseResult("64", 92, 1.0, 1000, direction with { Bytes = 900 * 92 }, direction, 0.5, 0.5, [0, 0, 0], 0, 0, new Dictionary<string, double> { ["gre_drops{reason=\"overload\"}"] = 5 }, new Dictionary<string, long>()),
            new PhaseResult("latency", 92, 1.0, 100, direction, direction, 0.1, 0.1, [0, 0, 0], 0, 0, new Dictionary<string, double>(), new Dictionary<string, long>()),
        };
        var report = new BenchReport(options, setup, hold, phases, new TeardownResult(99, 1.5, 0), 0);

        var table = report.Table();
        Assert.Contains("full session setups per second", table);
        Assert.Contains("1 Timeout", table);
        Assert.Contains("gre_drops{reason=\"overload\"} 5", table);
        using var json = JsonDocument.Parse(report.Json());
        var root = json.RootElement;
        Assert.Equal(49.5, root.GetProperty("setups_per_s").GetDouble());
        Assert.Equal(80.25, root.GetProperty("setup_p99_ms").GetDouble());
        Assert.Equal(99, root.GetProperty("sessions_held").GetDouble());
        Assert.Equal(25, root.GetProperty("control_connections_held").GetDouble());
        Assert.Contains("; 25 control connections)", table);
        Assert.Equal(1000, root.GetProperty("rss_mib_per_1000").GetDouble()); // (199 − 100) MiB for 99 sessions
        Assert.Equal(Math.Round(1800 * 1396 * 8 / 1e6, 2), root.GetProperty("mbit_s_1400").GetDouble());
        Assert.Equal(1800, root.GetProperty("pps_64").GetDouble());
        Assert.Equal(0, root.GetProperty("gen2_gcs").GetDouble());
        Assert.Equal(50, root.GetProperty("node_alloc_kib_per_setup").GetDouble());
        Assert.Equal(20, root.GetProperty("setup_gc_pause_pct").GetDouble()); // 0.5 s of 2.5 s
        Assert.Contains("50.0 KiB; GC pauses 20% of the setup phase", table);
        Assert.DoesNotContain("GRE send errors", table);
        var withErrors = (report with { ClientGreSendErrors = 7 }).Table();
        Assert.Contains("load generator GRE send errors", withErrors);
        Assert.Contains("| 7 (its socket refused packets", withErrors);
    }
}
