using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// A real Prometheus server (Debian's package) inside a network namespace of the test's own, listening on that
/// namespace's loopback only, with a configuration and rule files the test writes; its HTTP API is reached over
/// sockets made inside the namespace.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";
    private const string Listen = "127.0.0.1:9090";

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _log = new();

    private PrometheusServer(Process process, string directory, string netns)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient(NamespaceSockets.HttpHandler(netns)) { BaseAddress = new Uri($"http://{Listen}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Log => string.Join('\n', _log);

    /// <summary>Skips the test when Prometheus is not installed, except in CI, where ops/install-deps.sh installs it.</summary>
    public static void SkipUnlessInstalled()
    {
        var installed = File.Exists(Binary) && File.Exists(Promtool);
        if (RepositoryPaths.InCi) Assert.True(installed, $"{Binary} and {Promtool} are missing: ops/install-deps.sh installs the Debian package prometheus");
        Skip.If(!installed, "needs the Debian package prometheus (ops/install-deps.sh)");
    }

    /// <summary>Starts Prometheus in <paramref name="netns"/> with the given configuration and files beside it; waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string netns, string configYaml, IReadOnlyDictionary<string, string> files)
    {
        var dir = Directory.CreateTempSubdirectory("concentrator-prometheus-").FullName;
        foreach (var (name, text) in files) await File.WriteAllTextAsync(Path.Combine(dir, name), text);
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "netns", "exec", netns, Binary, "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(dir, "data"),
                     "--web.listen-address=" + Listen, "--log.level=warn",
                 })
            info.ArgumentList.Add(arg);
        var server = new PrometheusServer(Process.Start(info)!, dir, netns);
        server._process.OutputDataReceived += (_, e) => { if (e.Data is not null) server._log.Enqueue(e.Data); };
        server._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server._log.Enqueue(e.Data); };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await server._http.GetAsync("-/ready");
                if (ready.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (server._process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                var log = server.Log;
                await server.DisposeAsync();
                throw new InvalidOperationException("Prometheus did not become ready:\n" + log);
            }
            await Task.Delay(200);
        }
    }

    /// <summary>An instant query; the result vector's samples (metric labels and value).</summary>
    public async Task<IReadOnlyList<Sample>> QueryAsync(string promql)
    {
        using var doc = await GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var data = doc.RootElement.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        if (type == "scalar") return [new Sample(new Dictionary<string, string>(), ParseValue(data.GetProperty("result")))];
        return data.GetProperty("result").EnumerateArray().Select(r => new Sample(
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            ParseValue(r.GetProperty("value")))).ToList();
    }

    /// <summary>Waits (bounded) until <paramref name="promql"/> returns data: for example until a target has been scraped.</summary>
    public async Task WaitForScrapeAsync(string promql, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while ((await QueryAsync(promql)).Count == 0)
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"'{promql}' returned nothing for {timeout.TotalSeconds:0} s:\n{Log}");
            await Task.Delay(200);
        }
    }

    /// <summary>The sum of an instant query's values (0 when empty).</summary>
    public async Task<double> ValueAsync(string promql) => (await QueryAsync(promql)).Sum(s => s.Value);

    /// <summary>The values of a label over the series a selector matches.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        using var doc = await GetAsync($"api/v1/label/{label}/values?match[]=" + Uri.EscapeDataString(match));
        return doc.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>The alerts now pending or firing.</summary>
    public async Task<IReadOnlyList<Alert>> AlertsAsync()
    {
        using var doc = await GetAsync("api/v1/alerts");
        return doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => new Alert(
            a.GetProperty("labels").GetProperty("alertname").GetString()!, a.GetProperty("state").GetString()!,
            a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            a.GetProperty("annotations").GetProperty("summary").GetString() ?? "")).ToList();
    }

    /// <summary>The scrape targets and whether their last scrape worked.</summary>
    public async Task<IReadOnlyList<(string ScrapeUrl, string Health)>> TargetsAsync()
    {
        using var doc = await GetAsync("api/v1/targets");
        return doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("scrapeUrl").GetString()!, t.GetProperty("health").GetString()!)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying process: the temporary directory stays
        }
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc;
    }

    private static double ParseValue(JsonElement pair) => pair[1].GetString() switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var text => double.Parse(text!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
    };

    public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Alert(string Name, string State, IReadOnlyDictionary<string, string> Labels, string Summary);
}
