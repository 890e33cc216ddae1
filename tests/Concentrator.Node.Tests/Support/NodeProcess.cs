using System.Collections.Concurrent;
using System.Diagnostics;

namespace Concentrator.Node.Tests.Support;

/// <summary>
/// A real `concentrator serve` process, started inside a network namespace with `ip netns exec`, its
/// log collected line by line. Stopped with SIGTERM (the graceful path), killed if it does not go.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ITestOutputHelper _output;

    private NodeProcess(Process process, ITestOutputHelper output, string dataDirectory, string name)
    {
        _process = process;
        _output = output;
        DataDirectory = dataDirectory;
        _name = name;
    }

    private readonly string _name;

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>The node's data directory (database, operator.token).</summary>
    public string DataDirectory { get; }

    /// <summary>The node's configuration file (next to its data directory).</summary>
    public string ConfigPath => Path.Combine(Path.GetDirectoryName(DataDirectory)!, "concentrator.json");

    /// <summary>Runs a `concentrator` command as an operator would, in the node's namespace, against this node's configuration.</summary>
    public Task<Shell.Result> CliAsync(params string[] arguments) => CliWithConfigAsync(ConfigPath, arguments);

    /// <summary>Runs a `concentrator` command in the node's namespace with the given configuration file.</summary>
    public Task<Shell.Result> CliWithConfigAsync(string configPath, params string[] arguments) =>
        Shell.RunAsync(TimeSpan.FromSeconds(60), "ip", ["netns", "exec", _netns, "dotnet", RepositoryPaths.NodeDll, .. arguments, "--config", configPath]);

    private string _netns = "";

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    public string Log => string.Join('\n', _lines);

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the node and waits until it says it is up.</summary>
    public static async Task<NodeProcess> StartAsync(string netns, string configJson, string? demoUser, ITestOutputHelper output, string name = "node")
    {
        var dir = Directory.CreateTempSubdirectory("concentrator-test-").FullName;
        var config = Path.Combine(dir, "concentrator.json");
        var data = Path.Combine(dir, "data");
        await File.WriteAllTextAsync(config, configJson.Replace("$DATA", data, StringComparison.Ordinal));
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "netns", "exec", netns, "dotnet", RepositoryPaths.NodeDll, "serve", "--config", config })
            info.ArgumentList.Add(arg);
        if (demoUser is not null)
        {
            info.ArgumentList.Add("--demo-user");
            info.ArgumentList.Add(demoUser);
        }
        var process = Process.Start(info)!;
        var node = new NodeProcess(process, output, data, name) { _netns = netns };
        process.OutputDataReceived += (_, e) => node.Add(e.Data);
        process.ErrorDataReceived += (_, e) => node.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!await node.WaitForLogAsync(l => l.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))
        {
            await node.DisposeAsync();
            throw new InvalidOperationException("the node did not start:\n" + node.Log);
        }
        return node;
    }

    /// <summary>Waits (bounded) for a log line that matches.</summary>
    public async Task<bool> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_lines.Any(match)) return true;
            if (_process.HasExited) return _lines.Any(match);
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>SIGTERM, then waits for the graceful exit; true when it exited by itself in time.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return true;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!await StopAsync(TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        try
        {
            _output.WriteLine($"[{_name}] " + line);
        }
        catch (InvalidOperationException)
        {
            // the test has finished; the line is still in Log
        }
    }
}
