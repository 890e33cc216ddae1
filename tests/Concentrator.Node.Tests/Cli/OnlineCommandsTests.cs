using Akka.Actor;
using Concentrator.Cluster.Users;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Cli;

/// <summary>
/// The CLI against a running node (in this process, <see cref="InProcessNode"/>): the commands go through
/// its operator API to the cluster's user directory and node control, and take effect at once.
/// </summary>
public sealed class OnlineCommandsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_a_node_running_the_user_commands_act_on_its_user_directory_at_once()
    {
        await using var node = await InProcessNode.StartAsync();
        // The running singleton's own state, not the database: an edit behind its back would not show here.
        await new UserCommandScript(node.File.FilePath, async name =>
            (await node.Node.Users.Ask<UserLookupResult>(new FindUser(name), TimeSpan.FromSeconds(30))).User, output).RunAsync();
    }

    [Fact]
    public async Task With_a_node_running_a_wrong_token_is_refused_with_what_to_do()
    {
        await using var node = await InProcessNode.StartAsync();
        var wrong = Path.Combine(node.File.DataDirectory, "wrong-token.json");
        await File.WriteAllTextAsync(wrong, (await File.ReadAllTextAsync(node.File.FilePath)).Replace(CliConfig.Token, "not-the-token", StringComparison.Ordinal));
        var result = await CliRun.RunAsync(ScriptedInput.Piped(""), "users", "list", "--config", wrong);
        output.WriteLine(result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the node refused the request (401): wrong or missing operator token", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leave_drains_the_node_it_is_configured_for_at_once_and_it_leaves_the_cluster()
    {
        await using var node = await InProcessNode.StartAsync();
        var result = await CliRun.RunAsync(ScriptedInput.Piped(""), "leave", "--config", node.File.FilePath);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("node cli is leaving the cluster", result.Output.TrimEnd());
        Assert.Equal(TimeSpan.Zero, await node.Drained.WaitAsync(TimeSpan.FromSeconds(10)));
        await node.Removed.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Leave_with_no_node_running_says_to_start_one()
    {
        using var file = new CliConfig(CliConfig.NobodyListening());
        var result = await CliRun.RunAsync(ScriptedInput.Piped(""), "leave", "--config", file.FilePath);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"concentrator: no node answers at {file.HttpListen}: start it (concentrator serve) or pass the --config it runs with", result.Error.TrimEnd());
    }
}
