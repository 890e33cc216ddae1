using System.CommandLine;
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

    /// <summary>Runs a user command against the running node, or against the database when the node is stopped.</summary>
    public static async Task<T> WithUsersAsync<T>(ConcentratorConfig config, Func<IUserAdmin, Task<T>> action)
    {
        using var node = await ConnectAsync(config).ConfigureAwait(false);
        if (node is not null) return await action(node).ConfigureAwait(false);
        await using var offline = OfflineDirectory.Open(config);
        return await action(offline.Users).ConfigureAwait(false);
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
