using System.CommandLine;
using Concentrator.Node.Configuration;
using Spectre.Console;

namespace Concentrator.Node.Cli.Doctor;

/// <summary>
/// concentrator doctor: checks this host — PPTP answering on TCP 1723, the GRE socket, the TUN device with the
/// pools routed, IP forwarding, proxy-ARP, the database, the cluster's members and their clocks — each with a
/// verdict and, when it is not ok, what to do. Exit status 1 when any check fails.
/// </summary>
public static class DoctorCommand
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(2);

    public static Command Build()
    {
        var command = new Command("doctor", "Check this host and the cluster, with a verdict and a fix for each problem");
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var pools = ConfigMapping.Pools(config);
            var checks = new List<Check>
            {
                HostChecks.Privileges(),
                await HostChecks.PptpListenerAsync(config).ConfigureAwait(false),
                HostChecks.GreSocket(),
                HostChecks.Tunnel(config, pools),
                HostChecks.Forwarding(config),
                HostChecks.ProxyArp(config),
                await HostChecks.DatabaseAsync(config).ConfigureAwait(false),
            };
            checks.AddRange(await ClusterChecksAsync(config).ConfigureAwait(false));
            Write(checks);
            return checks.Any(c => c.Verdict == Verdict.Fail) ? 1 : 0;
        }));
        return command;
    }

    private static async Task<IReadOnlyList<Check>> ClusterChecksAsync(ConcentratorConfig config)
    {
        OperatorClient? api;
        try
        {
            api = await CliContext.ConnectAsync(config).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperatorException or HttpRequestException or TaskCanceledException)
        {
            return [Check.Fail("operator API", e.Message, "use the token in the node's configuration or its data directory")];
        }
        if (api is null) return [Check.Fail("operator API", $"no node answers at {config.Http.Listen}", "start the node; check http.listen")];
        using (api)
        {
            var nodes = await api.NodesAsync().ConfigureAwait(false);
            var checks = new List<Check> { Check.Ok("operator API", $"{config.Http.Listen} answers with this token") };
            var bad = nodes.Where(n => n.Status != "Up" || !n.Reachable).ToList();
            checks.Add(bad.Count == 0
                ? Check.Ok("cluster", $"{nodes.Count} member(s), all Up and reachable; singletons on {nodes.FirstOrDefault(n => n.Singletons.Count > 0)?.Id ?? "?"}")
                : Check.Fail("cluster", string.Join("; ", bad.Select(n => $"{n.Id} is {n.Status}{(n.Reachable ? "" : ", unreachable")}")),
                    "check those nodes and the cluster port between them; an unreachable node is downed after cluster.downAfter"));
            var skewed = nodes.Where(n => n.ClockOffsetMs is { } o && Math.Abs(o) > MaxClockSkew.TotalMilliseconds).ToList();
            checks.Add(skewed.Count == 0
                ? Check.Ok("clocks", $"every node within {MaxClockSkew.TotalSeconds:0} s of this one")
                : Check.Warn("clocks", string.Join("; ", skewed.Select(n => $"{n.Id} is {n.ClockOffsetMs} ms off")),
                    "run NTP (chrony, systemd-timesyncd) on every node: ban expiry and session times depend on it"));
            return checks;
        }
    }

    private static void Write(IReadOnlyList<Check> checks)
    {
        var table = new Table().AddColumns("", "CHECK", "FINDING", "WHAT TO DO");
        foreach (var c in checks)
            table.AddRow(c.Verdict switch { Verdict.Ok => "ok", Verdict.Warn => "warn", _ => "FAIL" }, Markup.Escape(c.Name), Markup.Escape(c.Detail),
                Markup.Escape(c.Fix ?? ""));
        Tables.Write(table, $"{checks.Count(c => c.Verdict == Verdict.Fail)} failed, {checks.Count(c => c.Verdict == Verdict.Warn)} warning(s)");
    }
}
