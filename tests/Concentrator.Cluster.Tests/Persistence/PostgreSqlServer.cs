using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Concentrator.Cluster.Tests.Persistence;

/// <summary>
/// A throw-away PostgreSQL server (Debian's postgresql package) in a temporary folder, listening on
/// 127.0.0.1 at a free port, with trust authentication for the user "concentrator". Run as the
/// postgres system user when the tests run as root (the server refuses root).
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly string _data;

    public PostgreSqlServer()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: install the Debian package postgresql");
        }

        _folder = Path.Combine(Path.GetTempPath(), "concentrator-pg-" + Guid.NewGuid().ToString("N"));
        _data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            Run("/bin/chown", ["postgres", _folder]);
        }

        Port = FreePort();
        RunServerTool("initdb", ["-D", _data, "-A", "trust", "-U", "concentrator", "-E", "UTF8", "--no-sync"]);
        RunServerTool("pg_ctl", [
            "-D", _data, "-w", "-l", Path.Combine(_folder, "server.log"),
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ]);
        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=concentrator;Database=postgres;Pooling=true";
    }

    public int Port { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        RunServerTool("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void RunServerTool(string tool, string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (Environment.UserName == "root")
        {
            Run("/usr/sbin/runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish in 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result}{error.Result}");
        }
    }
}
