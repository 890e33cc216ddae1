using System.Text;
using Concentrator.Cluster.Addressing;
using Concentrator.Node.Telemetry;
using Concentrator.Sessions.Telemetry;
using Prometheus;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// The dashboard and the alert rules against the code: every metric they name exists in a node's registry (so a
/// renamed metric breaks the build's tests rather than a dashboard), and every panel says what it shows.
/// </summary>
public sealed class DashboardTests
{
    private static readonly string[] ExpectedRows =
    [
        "Sessions and setups", "Authentication and bans", "Traffic and packet rates", "GRE, MPPE and PPP errors",
        "Address pools", "Cluster health (per node)", ".NET runtime",
    ];

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alert_rules_name_exists_in_a_nodes_registry()
    {
        var families = await FamiliesAsync();
        var named = DashboardFile.Panels().SelectMany(p => p.Queries).Concat(DashboardFile.AlertExpressions())
            .SelectMany(DashboardFile.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(named.Count > 30, $"only {named.Count} metric names found: {string.Join(", ", named)}");

        var missing = named.Where(name => name != "up" && !Exists(families, name)).Order().ToList();
        Assert.True(missing.Count == 0, "named in grafana/dashboards/concentrator.json or ops/prometheus/concentrator-alerts.yml but not in the registry: " +
                                        string.Join(", ", missing));
    }

    [Fact]
    public async Task The_registry_check_catches_a_name_that_does_not_exist()
    {
        var families = await FamiliesAsync();
        Assert.True(Exists(families, "concentrator_session_setup_duration_seconds_bucket"));
        Assert.True(Exists(families, "concentrator_sessions_active"));
        Assert.False(Exists(families, "concentrator_session_setup_seconds_bucket"));
        Assert.False(Exists(families, "concentrator_sessions_total"));
        Assert.Equal(["concentrator_gre_bytes_total", "concentrator_pool_size_addresses", "up"],
            DashboardFile.MetricNames("8 * sum(rate(concentrator_gre_bytes_total{node=~\"$node\"}[1m])) / max(concentrator_pool_size_addresses) + up{job=\"x\"}").Order());
    }

    [Fact]
    public async Task Every_series_of_a_node_carries_its_node_label()
    {
        var text = await ExportAsync();
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Contains("node=\"unit\"", s, StringComparison.Ordinal));
        Assert.DoesNotContain("quic", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mppe_errors_total{kind=\"none\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dashboard_has_the_rows_of_the_issue_and_every_panel_says_what_it_shows()
    {
        Assert.Equal(ExpectedRows, DashboardFile.Rows());
        var panels = DashboardFile.Panels();
        Assert.True(panels.Count >= 30, $"{panels.Count} panels");
        foreach (var row in ExpectedRows) Assert.Contains(panels, p => p.Row == row);
        Assert.All(panels, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Title), $"a panel in row {p.Row} has no title");
            Assert.False(string.IsNullOrWhiteSpace(p.Unit), $"panel '{p.Title}' has no unit");
            Assert.True(p.Description is { Length: > 20 }, $"panel '{p.Title}' has no description");
            Assert.Equal("${datasource}", p.DataSource);
            Assert.NotEmpty(p.Queries);
            Assert.All(p.Queries, q => Assert.False(string.IsNullOrWhiteSpace(q), $"panel '{p.Title}' has an empty query"));
        });
        Assert.Equal(panels.Count, panels.Select(p => p.Title).Distinct().Count());
    }

    [Fact]
    public void The_dashboard_has_a_node_variable_for_one_node_or_all_and_every_per_node_query_uses_it()
    {
        using var doc = DashboardFile.Load();
        var variables = doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        var node = variables.Single(v => v.GetProperty("name").GetString() == "node");
        Assert.True(node.GetProperty("includeAll").GetBoolean());
        Assert.True(node.GetProperty("multi").GetBoolean());
        Assert.Equal(".*", node.GetProperty("allValue").GetString());
        Assert.Contains(variables, v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");

        // Only the pool panels are cluster-wide (their descriptions say so); every other query filters by node.
        foreach (var panel in DashboardFile.Panels().Where(p => !(p.Description ?? "").Contains("not filtered by node", StringComparison.OrdinalIgnoreCase)))
            Assert.All(panel.Queries, q => Assert.Contains("node=~\"$node\"", q, StringComparison.Ordinal));
    }

    private static bool Exists(IReadOnlySet<string> families, string name) =>
        families.Contains(name)
        || new[] { "_bucket", "_sum", "_count" }.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal) && families.Contains(name[..^suffix.Length]));

    /// <summary>A registry set up as a node sets up its own: runtime metrics, the session layer's and the node's.</summary>
    private static async Task<string> ExportAsync()
    {
        var registry = Metrics.NewCustomRegistry();
        using var runtime = NodeTelemetry.Configure(registry, "unit");
        _ = new SessionMetrics(registry);
        _ = new NodeMetrics(registry, [AddressPoolDefinition.Parse("main", "10.77.0.0/24", ["10.77.0.1"])]);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<IReadOnlySet<string>> FamiliesAsync() =>
        (await ExportAsync()).Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);
}
