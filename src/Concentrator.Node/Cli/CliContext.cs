using System.CommandLine;
using System.Text.Json;
using Concentrator.Node.Configuration;
using Concentrator.Node.Hosting;
using Concentrator.Node.Operator;
using Concentrator.Node.Users;

namespace Concentrator.Node.Cli;

/// <summary>What every operator command shares: the --config option, and the way to the node.</summary>
public static class CliContext
{
    public static readonly Option<string?> ConfigOption = new("--config", "-c")
    {
        Description = $"The node's configuration file (default {ConfigLoader.DefaultPath}, if it exists)",
        Recursive = true,
    };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON for scripts instead of a table" };

    /// <summary>The configuration the command runs against.</summary>
    public static ConcentratorConfig LoadConfig(ParseResult parse)
    {
        var path = parse.GetValue(ConfigOption) ?? (File.Exists(ConfigLoader.DefaultPath) ? ConfigLoader.DefaultPath : null);
        return ConfigLoader.LoadValid(path);
    }

    /// <summary>The running node's operator API, or null when no node is running at the configured address.</summary>
    public static async Task<OperatorClient?> ConnectAsync(ConcentratorConfig config)
    {
        var token = OperatorToken.Read(config.Http.Token, config.Node.DataDirectory);
        var client = new OperatorClient(config.Http.Listen, token ?? "", TimeSpan.FromSeconds(30));
        try
        {
            if (await client.IsNodeRunningAsync().ConfigureAwait(false)) return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
        client.Dispose();
        return null;
    }

    /// <summary>The node's operator API, or a clear error when the node is not running.</summary>
    public static async Task<OperatorClient> RequireNodeAsync(ConcentratorConfig config) =>
        await ConnectAsync(config).ConfigureAwait(false)
        ?? throw new OperatorException($"no node answers at {config.Http.Listen}: start it (concentrator serve) or pass the --config it runs with");

    /// <summary>
    /// Runs a user command against the running node, or against the database when the node is stopped —
    /// but only a single node's SQLite file: a cluster's user directory belongs to its singleton.
    /// </summary>
    public static async Task<T> WithUsersAsync<T>(ConcentratorConfig config, Func<IUserAdmin, Task<T>> action)
    {
        using var node = await ConnectAsync(config).ConfigureAwait(false);
        if (node is not null) return await action(node).ConfigureAwait(false);
        if (OfflineDirectory.WhyClustered(config) is { } cluster)
            throw new OperatorException($"no node answers on http://{config.Http.Listen} and this configuration is a cluster ({cluster}): " +
                                        "start a node or point --config at a running node's configuration; offline edits are only for a single node on SQLite");
        await using var offline = OfflineDirectory.Open(config);
        return await action(offline.Users).ConfigureAwait(false);
    }

    /// <summary>With --json: prints <paramref name="value"/> as JSON for scripts and returns true; else the caller prints a table.</summary>
    public static bool PrintedJson<T>(ParseResult parse, T value)
    {
        if (!parse.GetValue(JsonOption)) return false;
        Console.WriteLine(JsonSerializer.Serialize(value, Json.Options));
        return true;
    }

    /// <summary>Prints what was done (exit 0), or the node's reason for refusing (exit 1).</summary>
    public static int Report(string? error, string done)
    {
        if (error is null)
        {
            Console.WriteLine(done);
            return 0;
        }
        Console.Error.WriteLine($"concentrator: {error}");
        return 1;
    }

    /// <summary>Runs a command body, turning the errors an operator can fix into one line on stderr and exit code 1.</summary>
    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConfigException or OperatorException or HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"concentrator: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
