using Concentrator.Dataplane.Linux;

namespace Concentrator.Node.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL server (Debian's postgresql package) inside a network namespace of the test's own,
/// listening on one address there, trusting the user "concentrator" (database "concentrator").
/// </summary>
internal sealed class NamespacedPostgres : IAsyncDisposable
{
    private readonly string _netns;
    private readonly string _bin;
    private readonly string _folder;

    private NamespacedPostgres(string netns, string bin, string folder, string address)
    {
        _netns = netns;
        _bin = bin;
        _folder = folder;
        ConnectionString = $"Host={address};Port=5432;Username=concentrator;Database=concentrator;Pooling=true";
    }

    public string ConnectionString { get; }

    public static bool Available => Bin() is not null;

    public static async Task<NamespacedPostgres> StartAsync(string netns, string address)
    {
        var bin = Bin() ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: install the Debian package postgresql");
        var folder = Directory.CreateTempSubdirectory("concentrator-pg-").FullName;
        await Must(Shell.RunAsync(TimeSpan.FromSeconds(30), "chown", "postgres", folder));
        var data = Path.Combine(folder, "data");
        await Must(AsPostgres(netns, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "concentrator", "-E", "UTF8", "--no-sync"));
        var network = address[..address.LastIndexOf('.')] + ".0/24";
        await File.AppendAllTextAsync(Path.Combine(data, "pg_hba.conf"), $"host all all {network} trust\n");
        await Must(AsPostgres(netns, Path.Combine(bin, "pg_ctl"), "-D", data, "-w", "-l", Path.Combine(folder, "server.log"),
            "-o", $"-k {folder} -c listen_addresses={address} -c fsync=off -c max_connections=300", "start"));
        await Must(AsPostgres(netns, Path.Combine(bin, "createdb"), "-h", folder, "-U", "concentrator", "concentrator"));
        return new NamespacedPostgres(netns, bin, folder, address);
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgres(_netns, Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    private static Task<Shell.Result> AsPostgres(string netns, params string[] command) =>
        Shell.RunAsync(TimeSpan.FromSeconds(60), "ip", ["netns", "exec", netns, "runuser", "-u", "postgres", "--", .. command]);

    private static async Task Must(Task<Shell.Result> run)
    {
        var result = await run;
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Output);
    }

    private static string? Bin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
        : null;
}
