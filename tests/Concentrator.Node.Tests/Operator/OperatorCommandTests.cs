using System.Text.Json;
using Concentrator.Client;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Cli;
using Concentrator.Node.Operator;
using Concentrator.Node.Tests.Support;
using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Node.Tests.Operator;

/// <summary>
/// The operator's commands, run as an operator runs them (`concentrator …` in a node's namespace), against a
/// three-node cluster of real processes: they see and act on every node from any node.
/// </summary>
[Collection(EndToEnd.EndToEndCollection.Name)]
public sealed class OperatorCommandTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Operator_commands_act_on_the_whole_cluster_from_any_node()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        if (!NamespacedPostgres.Available)
        {
            Assert.False(RepositoryPaths.InCi, "PostgreSQL is not installed: .ci/run must install the Debian package postgresql");
            Skip.If(true, "PostgreSQL is not installed (Debian package postgresql)");
        }
        await using var lab = await ClusterLab.StartAsync(output);
        var (a, b, c) = (lab.Nodes[0]!, lab.Nodes[1]!, lab.Nodes[2]!);
        await Until(async () => Json<List<NodeView>>(await Ok(b.CliAsync("nodes", "--json"))).Count(n => n.Status == "Up") == 3, "3 nodes Up");

        var sink = new PacketQueue();
        var calls = new List<PptpCall>();
        for (var i = 0; i < 3; i++)
        {
            var call = await lab.NewClient(i, sink).ConnectAsync();
            Assert.True(call.Result.IsConnected, call.Result.ToString());
            calls.Add(call);
        }

        // sessions: every node's sessions, from node B, as JSON that parses
        var sessions = Json<SessionsResult>(await Ok(b.CliAsync("sessions", "--json"))).Sessions;
        Assert.Equal(new[] { "n0", "n1", "n2" }, sessions.Select(s => s.Node).Order());
        Assert.Contains("MPPE 128-bit stateless", (await Ok(b.CliAsync("sessions"))), StringComparison.Ordinal);

        // kick on node A ends a session that lives on node C; its client sees the disconnect
        var onC = sessions.Single(s => s.Node == "n2");
        Assert.Contains("1 session(s) ended", await Ok(a.CliAsync("kick", onC.Id, "--reason", "maintenance")), StringComparison.Ordinal);
        var kicked = await calls[2].Disconnected.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("maintenance", kicked.Notify?.CallStatistics);

        // users disable on node B blocks a login on node A; enable on node C lets it in again
        await Ok(b.CliAsync("users", "disable", ClusterLab.User));
        await using (var refused = await lab.NewClient(0, sink).ConnectAsync())
            Assert.Equal(MsChapV2ErrorCode.AccountDisabled, refused.Result.AuthFailure?.Error);
        await Ok(c.CliAsync("users", "enable", ClusterLab.User));
        await using (var admitted = await lab.NewClient(0, sink).ConnectAsync())
            Assert.True(admitted.Result.IsConnected, admitted.Result.ToString());

        // bans: added on node C, the source is refused on node A; removed on node B, it gets in again
        await Ok(c.CliAsync("bans", "add", ClusterLab.ClientAddress.ToString(), "--reason", "test ban"));
        await Until(async () => (await Ok(a.CliAsync("bans", "list"))).Contains("test ban", StringComparison.Ordinal), "the ban replicated to node A");
        await Until(async () =>
        {
            await using var call = await lab.NewClient(0, sink).ConnectAsync();
            return !call.Result.IsConnected && call.Result.Phase <= SetupPhase.Control;
        }, "the ban in force on node A");
        await Ok(b.CliAsync("bans", "remove", ClusterLab.ClientAddress.ToString()));
        await Until(async () =>
        {
            await using var call = await lab.NewClient(0, sink).ConnectAsync();
            return call.Result.IsConnected;
        }, "the ban lifted on node A");

        // pool show and nodes: JSON that parses, with every node
        var pools = Json<List<PoolView>>(await Ok(a.CliAsync("pool", "show", "--json")));
        Assert.Equal("shared", Assert.Single(pools).Name);
        var nodes = Json<List<NodeView>>(await Ok(a.CliAsync("nodes", "--json")));
        Assert.Single(nodes, n => n.Singletons.Count > 0);
        Assert.All(nodes, n => Assert.NotNull(n.ClockOffsetMs));

        // a wrong token is refused (and the node logs it)
        var wrong = Path.Combine(Path.GetDirectoryName(a.ConfigPath)!, "wrong-token.json");
        await File.WriteAllTextAsync(wrong, (await File.ReadAllTextAsync(a.ConfigPath)).Replace("\"http\": {", "\"http\": { \"token\": \"not-the-token\",", StringComparison.Ordinal));
        var refusedCall = await a.CliWithConfigAsync(wrong, "sessions");
        Assert.Equal(1, refusedCall.ExitCode);
        Assert.Contains("401", refusedCall.Output, StringComparison.Ordinal);
        Assert.True(await a.WaitForLogAsync(l => l.Contains("operator API request refused: wrong or missing token", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));

        // drain node B: its call ends by the deadline, it leaves the cluster and stops
        Assert.Contains("is draining", await Ok(a.CliAsync("drain", "n1", "--deadline", "00:00:02")), StringComparison.Ordinal);
        var drained = await calls[1].Disconnected.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("draining", drained.Notify?.CallStatistics ?? drained.Detail, StringComparison.Ordinal);
        await Until(async () => Json<List<NodeView>>(await Ok(a.CliAsync("nodes", "--json"))).Count == 2, "node B gone from the cluster");
        await Until(() => Task.FromResult(b.HasExited), "node B's process ended");
        Assert.DoesNotContain(Json<SessionsResult>(await Ok(a.CliAsync("sessions", "--json"))).Sessions, s => s.Node == "n1");
    }

    private static T Json<T>(string text) => JsonSerializer.Deserialize<T>(text, Concentrator.Node.Cli.Json.Options)!;

    private async Task<string> Ok(Task<Shell.Result> run)
    {
        var result = await run;
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"waited 60 s for {what}");
    }
}
