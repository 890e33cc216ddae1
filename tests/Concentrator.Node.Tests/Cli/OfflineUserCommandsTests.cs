using Akka.Actor;
using Akka.Configuration;
using Concentrator.Cluster.Users;
using Concentrator.Node.Configuration;
using Concentrator.Node.Hosting;

namespace Concentrator.Node.Tests.Cli;

/// <summary>
/// `concentrator users …` with no node running: a single node's commands write its SQLite database
/// (the first users before the first start); a cluster's configuration is refused, since its user
/// directory belongs to a singleton that the database must not be edited behind.
/// </summary>
public sealed class OfflineUserCommandsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_no_node_running_the_user_commands_write_a_single_nodes_database()
    {
        using var file = new CliConfig(CliConfig.NobodyListening());
        var config = ConfigLoader.LoadValid(file.FilePath);
        await new UserCommandScript(file.FilePath, name => StoredAsync(config, name), output).RunAsync();
    }

    [Theory]
    [InlineData("""
        "database": { "provider": "postgresql", "postgreSql": "Host=127.0.0.1;Database=none" }
        """, "(database.provider is postgresql)")]
    [InlineData("""
        "database": { "provider": "postgresql", "postgreSql": "Host=127.0.0.1;Database=none" },
        "cluster": { "seedNodes": [ "127.0.0.2:4053" ] }
        """, "(database.provider is postgresql; cluster.seedNodes lists 127.0.0.2:4053)")]
    public async Task With_no_node_running_a_clusters_configuration_is_refused_and_its_database_left_alone(string cluster, string why)
    {
        using var file = new CliConfig(CliConfig.NobodyListening(), cluster);
        foreach (var command in new[] { ["users", "list"], ["users", "remove", "alice"], new[] { "users", "add", "alice", "--password-stdin" } })
        {
            var result = await CliRun.RunAsync(ScriptedInput.Piped("Correct-Horse-7\n"), [.. command, "--config", file.FilePath]);
            output.WriteLine(result.ToString());
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                $"concentrator: no node answers on http://{file.HttpListen} and this configuration is a cluster {why}: start a node or point --config " +
                "at a running node's configuration; offline edits are only for a single node on SQLite",
                result.Error.TrimEnd());
        }
        Assert.False(Directory.Exists(file.DataDirectory) && Directory.EnumerateFileSystemEntries(file.DataDirectory).Any(), "the database was touched");
    }

    [Theory]
    [InlineData("users add", "Required argument missing for command: 'add'")]
    [InlineData("users set alice --vpn maybe", "maybe")]
    [InlineData("users remove", "Required argument missing for command: 'remove'")]
    [InlineData("users frobnicate alice", "frobnicate")]
    public async Task A_mistyped_command_is_refused_before_the_database_is_opened(string command, string named)
    {
        using var file = new CliConfig(CliConfig.NobodyListening());
        var result = await CliRun.RunAsync(ScriptedInput.Piped(""), [.. command.Split(' '), "--config", file.FilePath]);
        output.WriteLine(result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(file.DataDirectory), "the database was opened");
    }

    /// <summary>The user as the node will find it at its next start: read from its database by a user directory of its own.</summary>
    private static async Task<UserEntry?> StoredAsync(ConcentratorConfig config, string name)
    {
        var system = ActorSystem.Create("stored-users", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(AkkaConfig.Build(ConfigMapping.Persistence(config))));
        try
        {
            var directory = system.ActorOf(UserDirectoryActor.Props(ConfigMapping.Pools(config).Pools, null));
            return (await directory.Ask<UserLookupResult>(new FindUser(name), TimeSpan.FromSeconds(30))).User;
        }
        finally
        {
            await system.Terminate();
        }
    }
}
