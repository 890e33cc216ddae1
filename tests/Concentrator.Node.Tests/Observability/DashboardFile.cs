using System.Text.Json;
using System.Text.RegularExpressions;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Observability;

/// <summary>The Grafana dashboard and the Prometheus files as shipped in the repository, read as the tests need them.</summary>
internal static partial class DashboardFile
{
    public static string DashboardPath => Path.Combine(RepositoryPaths.Root, "grafana", "dashboards", "concentrator.json");
    public static string PrometheusDirectory => Path.Combine(RepositoryPaths.Root, "ops", "prometheus");
    public static string AlertRulesPath => Path.Combine(PrometheusDirectory, "concentrator-alerts.yml");

    /// <summary>One panel: its row, title, unit, description and the PromQL of each target.</summary>
    public sealed record Panel(string Row, string Title, string Type, string? Unit, string? Description, string? DataSource, IReadOnlyList<string> Queries);

    public static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(DashboardPath));

    /// <summary>Every panel, including those inside collapsed rows, with the row it sits in.</summary>
    public static IReadOnlyList<Panel> Panels()
    {
        using var doc = Load();
        var result = new List<Panel>();
        var row = "";
        foreach (var element in doc.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (element.GetProperty("type").GetString() == "row")
            {
                row = element.GetProperty("title").GetString()!;
                foreach (var nested in element.GetProperty("panels").EnumerateArray()) result.Add(Read(row, nested));
            }
            else result.Add(Read(row, element));
        }
        return result;
    }

    /// <summary>The row titles, in order.</summary>
    public static IReadOnlyList<string> Rows()
    {
        using var doc = Load();
        return doc.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() == "row").Select(p => p.GetProperty("title").GetString()!).ToList();
    }

    /// <summary>
    /// A query as Grafana sends it with every node selected ("All" is ".*") and a rate interval that suits the
    /// test's 1-second scrape interval.
    /// </summary>
    public static string Expand(string query, string rateInterval) =>
        query.Replace("$__rate_interval", rateInterval, StringComparison.Ordinal).Replace("$node", ".*", StringComparison.Ordinal);

    /// <summary>The metric names a PromQL text uses (ours, the runtime's, Prometheus' own `up`).</summary>
    public static IReadOnlySet<string> MetricNames(string promql) =>
        MetricName().Matches(promql).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The PromQL of each rule in the alert rule file (the `expr:` values, folded lines joined).</summary>
    public static IReadOnlyList<string> AlertExpressions()
    {
        var lines = File.ReadAllLines(AlertRulesPath);
        var result = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("expr:", StringComparison.Ordinal)) continue;
            var indent = lines[i].Length - trimmed.Length;
            var text = trimmed["expr:".Length..].Trim();
            if (text is ">-" or "|" or ">")
            {
                var body = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
                    body.Add(lines[++i].Trim());
                text = string.Join(' ', body);
            }
            result.Add(text);
        }
        return result;
    }

    private static Panel Read(string row, JsonElement panel)
    {
        string? unit = null;
        if (panel.TryGetProperty("fieldConfig", out var fc) && fc.TryGetProperty("defaults", out var d) && d.TryGetProperty("unit", out var u))
            unit = u.GetString();
        string? ds = panel.TryGetProperty("datasource", out var dsElement) && dsElement.TryGetProperty("uid", out var uid) ? uid.GetString() : null;
        var queries = panel.TryGetProperty("targets", out var targets)
            ? targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!).ToList()
            : [];
        return new Panel(row, panel.GetProperty("title").GetString() ?? "", panel.GetProperty("type").GetString()!, unit,
            panel.TryGetProperty("description", out var desc) ? desc.GetString() : null, ds, queries);
    }

    // Metric names of the families the dashboard and rules use; label names and PromQL keywords never start so.
    [GeneratedRegex(@"\b(?:concentrator|process|dotnet|system_runtime)_[a-z0-9_]+\b|\bup(?=\{)")]
    private static partial Regex MetricName();
}
