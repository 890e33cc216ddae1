using System.Diagnostics;
using System.Text.Json;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Tests.EndToEnd;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Load;

/// <summary>
/// concentrator-load end to end, small: the real executable in the client namespace of a
/// <see cref="ThreeNamespaceLab"/> sets up 16 sessions (the lab's limit per source address) against a real node, holds them, pushes UDP both
/// ways through 4 of them via the LAN namespace and hangs up; its table and JSON line must show it. Once with a
/// control connection per call, as real clients do, once with four calls on each (RFC 2637 allows several).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LoadSmokeTests(ITestOutputHelper output)
{
    private const string User = "loadgen";
    private const string Password = "Load-Gen-7";

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task The_load_generator_sets_up_holds_carries_traffic_and_tears_down(int callsPerConnection)
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        await using var lab = await ThreeNamespaceLab.StartAsync(output, User, Password);
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "netns", "exec", lab.Client.Name, "dotnet", typeof(Concentrator.Load.LoadRun).Assembly.Location,
                     "--server", ThreeNamespaceLab.ServerAddress.ToString(), "--client-addresses", ThreeNamespaceLab.ClientAddress.ToString(),
                     "--user", User, "--password", Password, "--sessions", "16", "--warmup", "0", "--rate", "40", "--hold", "1",
                     "--calls-per-connection", callsPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--traffic-sessions", "4", "--traffic-seconds", "1", "--pps-1400", "400", "--pps-64", "400", "--latency-pps", "200",
                     "--settle", "0", "--setup-timeout", "10", "--teardown-timeout", "10",
                     "--lan-netns", lab.Lan.Name, "--lan-host", ThreeNamespaceLab.LanHost.ToString(), "--node-netns", lab.Server.Name,
                 })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        output.WriteLine(await stderr);
        var text = await stdout;
        output.WriteLine(text);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("full session setups per second", text);
        using var json = JsonDocument.Parse(text.TrimEnd().Split('\n')[^1]);
        var figures = json.RootElement;
        Assert.Equal(16, figures.GetProperty("sessions_held").GetDouble());
        Assert.Equal(16 / callsPerConnection, figures.GetProperty("control_connections_held").GetDouble());
        Assert.Equal(0, figures.GetProperty("setup_failures").GetDouble());
        Assert.True(figures.GetProperty("setups_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("pps_64").GetDouble() > 100, "UDP through the tunnels both ways");
        Assert.True(figures.GetProperty("mbit_s_1400").GetDouble() > 1);
        Assert.Equal(0, figures.GetProperty("gen2_gcs").GetDouble());
        using var api = lab.Operator();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await api.SessionsAsync()).Sessions.Count != 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Empty((await api.SessionsAsync()).Sessions);
    }
}
