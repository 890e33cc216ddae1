using System.Globalization;
using System.Net.Sockets;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Load;

/// <summary>
/// The node's figures: resident memory and CPU time from /proc (the PID namespace is shared), and its
/// Prometheus /metrics (on loopback in the node's network namespace; the connection is made there).
/// </summary>
public sealed class NodeProbe : IDisposable
{
    private static readonly double ClockTicks = 100; // sysconf(_SC_CLK_TCK) on Linux/x86-64
    private readonly int _pid;
    private readonly HttpClient? _http;
    private readonly string _metricsUrl;

    public NodeProbe(int pid, string? netns, string metricsEndpoint)
    {
        _pid = pid;
        _metricsUrl = $"http://{metricsEndpoint}/metrics";
        if (netns is null && pid == 0) return;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                Socket Make() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var socket = netns is null ? Make() : NetworkNamespace.Run(netns, Make);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public bool HasProcess => _pid > 0 && File.Exists($"/proc/{_pid}/stat");

    /// <summary>Resident set size in bytes; 0 when unknown.</summary>
    public long RssBytes()
    {
        if (_pid <= 0) return 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
            // the node has gone
        }
        return 0;
    }

    /// <summary>User + system CPU seconds of the node so far; 0 when unknown.</summary>
    public double CpuSeconds() => _pid <= 0 ? 0 : ProcCpuSeconds($"/proc/{_pid}/stat");

    /// <summary>User + system CPU seconds of this process so far.</summary>
    public static double OwnCpuSeconds() => ProcCpuSeconds("/proc/self/stat");

    /// <summary>Every sample of the node's /metrics as "name{labels}" → value; empty when it cannot be read.</summary>
    public async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_http is null) return samples;
        string text;
        try
        {
            text = await _http.GetStringAsync(_metricsUrl);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
        {
            return samples;
        }
        return ParseMetrics(text);
    }

    /// <summary>Parses the Prometheus text format: one "name{labels} value" sample a line, comments skipped.</summary>
    public static Dictionary<string, double> ParseMetrics(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space <= 0) continue;
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                samples[line[..space]] = value;
        }
        return samples;
    }

    public void Dispose() => _http?.Dispose();

    private static double ProcCpuSeconds(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / ClockTicks;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
