using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// The shipped Prometheus files through Prometheus' own checker: the scrape configuration (with the rule file it
/// loads), the alert rules, and the rules' unit tests (ops/prometheus/concentrator-alerts.test.yml: every alert
/// with its real thresholds and `for` durations, firing and staying quiet).
/// </summary>
public sealed class PromtoolTests
{
    [SkippableFact]
    public async Task The_scrape_configuration_passes_promtool_check_config()
    {
        var result = await PromtoolAsync("check", "config", Path.Combine(DashboardFile.PrometheusDirectory, "prometheus.yml"));
        Assert.Contains("1 rule files found", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_alert_rules_pass_promtool_check_rules()
    {
        var result = await PromtoolAsync("check", "rules", DashboardFile.AlertRulesPath);
        Assert.Contains("SUCCESS: 8 rules found", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_alert_rules_pass_their_unit_tests()
    {
        var result = await PromtoolAsync("test", "rules", Path.Combine(DashboardFile.PrometheusDirectory, "concentrator-alerts.test.yml"));
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    private static async Task<Shell.Result> PromtoolAsync(params string[] args)
    {
        PrometheusServer.SkipUnlessInstalled();
        var result = await Shell.RunAsync(TimeSpan.FromSeconds(60), PrometheusServer.Promtool, args);
        Assert.True(result.ExitCode == 0, $"promtool {string.Join(' ', args)}:\n{result.Output}");
        return result;
    }
}
