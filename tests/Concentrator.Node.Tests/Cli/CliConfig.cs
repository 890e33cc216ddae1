using System.Net;
using System.Net.Sockets;

namespace Concentrator.Node.Tests.Cli;

/// <summary>A node's configuration file for CLI tests: one node, SQLite in a fresh data directory, the operator API where told.</summary>
internal sealed class CliConfig : IDisposable
{
    public const string Token = "cli-test-token";

    private readonly string _folder;

    /// <param name="httpListen">The operator API's address (a node may or may not answer there).</param>
    /// <param name="extraMembers">More top-level JSON members, e.g. <c>"cluster": { … }</c>.</param>
    public CliConfig(string httpListen, string extraMembers = "")
    {
        _folder = Directory.CreateTempSubdirectory("concentrator-cli-").FullName;
        DataDirectory = Path.Combine(_folder, "data");
        FilePath = Path.Combine(_folder, "concentrator.json");
        HttpListen = httpListen;
        File.WriteAllText(FilePath, $$"""
            {
              "node": { "id": "cli", "dataDirectory": "{{DataDirectory}}" },
              "pools": [ { "name": "main", "range": "10.77.0.0/24", "exclude": [ "10.77.0.1" ] } ],
              "http": { "listen": "{{httpListen}}", "token": "{{Token}}" }
              {{(extraMembers.Length > 0 ? "," + extraMembers : "")}}
            }
            """);
    }

    /// <summary>An address on loopback where nothing listens (a port that was free a moment ago).</summary>
    public static string NobodyListening()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return probe.LocalEndpoint.ToString()!;
    }

    public string FilePath { get; }

    public string DataDirectory { get; }

    public string HttpListen { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
