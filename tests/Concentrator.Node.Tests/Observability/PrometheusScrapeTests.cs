using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Concentrator.Client;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Tests.EndToEnd;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// A real Prometheus, run with the shipped scrape configuration and alert rules, scrapes a real node while our
/// client library makes sessions succeed and fail over real TCP and GRE: five sessions fill the small pool (one
/// passes traffic to the LAN), a sixth finds no address, four client addresses guess passwords until each is
/// banned, and a client behind a firewall that drops GRE places calls that never get GRE. Then every query of
/// every dashboard panel, taken from the dashboard file, returns data through Prometheus' HTTP API, the figures
/// are the ones the scenario made, and the alerts it was made to trip fire — and the others do not.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class PrometheusScrapeTests(ITestOutputHelper output)
{
    private const int Guessers = 4; // client addresses .3–.6
    private const int GuessesEach = 6; // policy.bruteForce.maxFailures: the sixth bans the address
    private const int GreBlocked = 7; // client address .7, behind a firewall that drops GRE
    private const int CallsWithoutGre = 3;

    private static readonly string[] Tripped =
        ["ConcentratorNodeDown", "ConcentratorPoolNearlyExhausted", "ConcentratorLoginFailureSpike", "ConcentratorCallsWithoutGre", "ConcentratorSetupFailureRatio"];

    private static readonly string[] Quiet = ["ConcentratorNodeUnreachable", "ConcentratorPersistenceFailing"];

    [SkippableFact]
    public async Task Every_dashboard_query_returns_data_and_the_alerts_fire_for_a_scenario_made_to_trip_them()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        PrometheusServer.SkipUnlessInstalled();
        var clock = Stopwatch.StartNew();
        await using var lab = await ObservabilityLab.StartAsync(output);
        await using var prometheus = await PrometheusServer.StartAsync(lab.Server.Name, ScrapeConfiguration(), new Dictionary<string, string>
        {
            ["concentrator-alerts.yml"] = AlertRulesWithShortDurations(),
        });
        // Prometheus hands its targets to the scraper some seconds after it is ready: the scenario starts once the
        // node has been scraped, so that every counter's zero is in the database before it moves.
        await prometheus.WaitForScrapeAsync("up{node=\"obs1\"} == 1", TimeSpan.FromSeconds(30));
        output.WriteLine($"node up and scraped after {clock.Elapsed.TotalSeconds:0.0} s");

        // Five sessions fill the pool; one pings the LAN host through the tunnel.
        var sessions = new List<PptpCall>();
        var sink = new PacketQueue();
        for (var i = 0; i < ObservabilityLab.PoolSize; i++)
        {
            var call = await lab.ConnectAsync(2, ObservabilityLab.Password, i == 0 ? sink : null);
            Assert.True(call.Result.IsConnected, call.Result.ToString());
            sessions.Add(call);
        }
        var address = sessions[0].Result.Address!;
        for (ushort seq = 1; seq <= 3; seq++)
        {
            Assert.Equal(SendResult.Sent, sessions[0].SendIpPacket(IcmpPackets.EchoRequest(address, ObservabilityLab.LanHost, 0x0b5e, seq, 1000)));
            await NextReplyAsync(sink);
        }

        // A sixth finds the pool full; four addresses guess passwords until banned; one client's GRE is blocked.
        var full = await lab.ConnectAsync(2, ObservabilityLab.Password, timeout: TimeSpan.FromSeconds(15));
        Assert.False(full.Result.IsConnected, "a sixth session in a pool of five");
        await full.DisposeAsync();
        await lab.BlockGreFromAsync(GreBlocked);
        var blocked = Enumerable.Range(0, CallsWithoutGre).Select(_ => lab.ConnectAsync(GreBlocked, ObservabilityLab.Password, timeout: TimeSpan.FromSeconds(4))).ToList();
        await Task.WhenAll(Enumerable.Range(3, Guessers).Select(from => GuessUntilBannedAsync(lab, from)));
        foreach (var call in await Task.WhenAll(blocked))
        {
            Assert.False(call.Result.IsConnected);
            await call.DisposeAsync();
        }
        output.WriteLine($"scenario done after {clock.Elapsed.TotalSeconds:0.0} s");

        // The alerts the scenario was made to trip fire (their `for` shortened to 1 s); the others stay quiet.
        var alerts = await WaitForAlertsAsync(prometheus, TimeSpan.FromSeconds(30));
        foreach (var alert in alerts) output.WriteLine($"alert {alert.Name} {alert.State}: {alert.Summary}");
        Assert.All(Tripped, name => Assert.Contains(alerts, a => a.Name == name && a.State == "firing"));
        Assert.All(Quiet, name => Assert.DoesNotContain(alerts, a => a.Name == name));
        Assert.Equal(["vpn2", "vpn3"], alerts.Where(a => a.Name == "ConcentratorNodeDown").Select(a => a.Labels["node"]).Order());
        Assert.Equal("lab", Assert.Single(alerts, a => a.Name == "ConcentratorPoolNearlyExhausted").Labels["pool"]);

        // Every query of every panel of the dashboard returns data, with "All" nodes.
        var panels = DashboardFile.Panels();
        var empty = new List<string>();
        foreach (var panel in panels)
            foreach (var query in panel.Queries)
                if ((await prometheus.QueryAsync(DashboardFile.Expand(query, "15s"))).Count == 0) empty.Add($"{panel.Row} / {panel.Title}: {query}");
        Assert.True(empty.Count == 0, "panel queries without data:\n" + string.Join('\n', empty));
        Assert.Equal([ObservabilityLab.NodeId], await prometheus.LabelValuesAsync("node", "concentrator_sessions_active"));

        // The figures are the scenario's.
        const string node = "{node=\"obs1\"}";
        Assert.Equal(ObservabilityLab.PoolSize, await prometheus.ValueAsync($"concentrator_sessions_active{node}"));
        Assert.Equal(ObservabilityLab.PoolSize, await prometheus.ValueAsync($"sum(concentrator_pool_leased_addresses{node})"));
        Assert.Equal(ObservabilityLab.PoolSize, await prometheus.ValueAsync($"concentrator_pool_size_addresses{node}"));
        Assert.Equal(ObservabilityLab.PoolSize, await prometheus.ValueAsync("concentrator_session_setups_total{node=\"obs1\",result=\"ok\"}"));
        Assert.Equal(ObservabilityLab.PoolSize, await prometheus.ValueAsync($"concentrator_session_setup_duration_seconds_count{node}"));
        Assert.Equal(Guessers * GuessesEach, await prometheus.ValueAsync("concentrator_auth_failures_total{node=\"obs1\",reason=\"bad_password\"}"));
        Assert.Equal(Guessers * (GuessesEach - 1), await prometheus.ValueAsync("concentrator_session_setups_total{node=\"obs1\",result=\"bad_password\"}"));
        Assert.Equal(Guessers, await prometheus.ValueAsync("concentrator_session_setups_total{node=\"obs1\",result=\"banned\"}"));
        Assert.Equal(Guessers, await prometheus.ValueAsync("concentrator_bans_total{node=\"obs1\",origin=\"brute_force\"}"));
        Assert.Equal(Guessers, await prometheus.ValueAsync($"concentrator_bans_active{node}"));
        Assert.True(await prometheus.ValueAsync("concentrator_control_connections_refused_total{node=\"obs1\",reason=\"banned\"}") >= Guessers);
        Assert.Equal(CallsWithoutGre, await prometheus.ValueAsync($"concentrator_calls_without_gre_total{node}"));
        Assert.Equal(CallsWithoutGre + 1, await prometheus.ValueAsync("concentrator_session_setups_total{node=\"obs1\",result=\"error\"}"));
        Assert.True(await prometheus.ValueAsync("concentrator_tun_packets_total{node=\"obs1\",direction=\"in\"}") >= 3);
        Assert.True(await prometheus.ValueAsync("concentrator_tun_packets_total{node=\"obs1\",direction=\"out\"}") >= 3);
        Assert.True(await prometheus.ValueAsync("concentrator_gre_bytes_total{node=\"obs1\",direction=\"in\"}") > 3 * 1000);
        Assert.True(await prometheus.ValueAsync("concentrator_gre_bytes_total{node=\"obs1\",direction=\"out\"}") > 3 * 1000);
        Assert.Equal(3, await prometheus.ValueAsync($"sum(concentrator_cluster_singleton_host{node})"));
        Assert.Equal(1, await prometheus.ValueAsync("concentrator_cluster_members{node=\"obs1\",status=\"up\"}"));
        Assert.Equal(0, await prometheus.ValueAsync($"concentrator_cluster_unreachable_members{node}"));
        foreach (var store in new[] { "address_pool", "address_allocator", "users" })
            Assert.True(await prometheus.ValueAsync($"concentrator_persistence_write_seconds_count{{node=\"obs1\",store=\"{store}\"}}") > 0, store);
        Assert.True(await prometheus.ValueAsync($"process_cpu_seconds_total{node}") > 0);

        foreach (var call in sessions) await call.DisposeAsync();
        output.WriteLine($"done after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Wrong passwords from one client address until the guard bans it; the next connection is refused.</summary>
    private static async Task GuessUntilBannedAsync(ObservabilityLab lab, int from)
    {
        for (var i = 0; i < GuessesEach; i++)
        {
            var call = await lab.ConnectAsync(from, $"guess-{i}");
            Assert.Equal(ConnectOutcome.AuthFailed, call.Result.Outcome);
            await call.DisposeAsync();
        }
        var refused = await lab.ConnectAsync(from, ObservabilityLab.Password);
        Assert.False(refused.Result.IsConnected, $"{ObservabilityLab.ClientAddress(from)} is banned");
        await refused.DisposeAsync();
    }

    private static async Task<IReadOnlyList<PrometheusServer.Alert>> WaitForAlertsAsync(PrometheusServer prometheus, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var alerts = await prometheus.AlertsAsync();
            if (Tripped.All(name => alerts.Any(a => a.Name == name && a.State == "firing")) || deadline.Elapsed > timeout) return alerts;
            await Task.Delay(500);
        }
    }

    private static async Task NextReplyAsync(PacketQueue sink)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var packet = await sink.ReadAsync(deadline - DateTime.UtcNow);
            if (IcmpPackets.IsEchoReply(packet.Packet, 0x0b5e))
            {
                Assert.Equal(ObservabilityLab.LanHost, new IPAddress(packet.Packet.AsSpan(12, 4)));
                return;
            }
        }
        throw new TimeoutException("no echo reply from the LAN host through the tunnel");
    }

    /// <summary>
    /// ops/prometheus/prometheus.yml with the test's targets: the node in the namespace as vpn1's target (named obs1),
    /// and two ports where nothing listens as vpn2 and vpn3 (two nodes down); intervals of one second.
    /// </summary>
    private static string ScrapeConfiguration()
    {
        var text = File.ReadAllText(Path.Combine(DashboardFile.PrometheusDirectory, "prometheus.yml"));
        foreach (var (from, to) in new[]
                 {
                     ("192.0.2.11:9723", "127.0.0.1:9723"), ("node: vpn1", "node: " + ObservabilityLab.NodeId),
                     ("192.0.2.12:9723", "127.0.0.1:9724"), ("192.0.2.13:9723", "127.0.0.1:9725"),
                     ("scrape_timeout: 10s", "scrape_timeout: 1s"),
                 })
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        Assert.Equal(3, ScrapeInterval().Count(text));
        return ScrapeInterval().Replace(text, "${key}: 1s");
    }

    /// <summary>The shipped alert rules with every `for` shortened to one second (thresholds and expressions unchanged).</summary>
    private static string AlertRulesWithShortDurations()
    {
        var text = File.ReadAllText(DashboardFile.AlertRulesPath);
        Assert.True(ForDuration().Count(text) >= 5);
        return ForDuration().Replace(text, "${indent}for: 1s");
    }

    [GeneratedRegex(@"(?<key>scrape_interval|evaluation_interval): 15s")]
    private static partial Regex ScrapeInterval();

    [GeneratedRegex(@"^(?<indent>\s*)for: \S+$", RegexOptions.Multiline)]
    private static partial Regex ForDuration();
}
