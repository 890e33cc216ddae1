using System.Text.Json;
using Concentrator.Cluster.Users;
using Concentrator.Node.Cli;
using Concentrator.Node.Users;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Ip;

namespace Concentrator.Node.Tests.Cli;

/// <summary>
/// Every `concentrator users` command as an operator types it, each checked against what the user
/// directory then holds: the same script whether the commands reach a running node or the database.
/// </summary>
internal sealed class UserCommandScript(string configPath, Func<string, Task<UserEntry?>> stored, ITestOutputHelper output)
{
    public async Task RunAsync()
    {
        // add: the password asked twice at the terminal (Backspace works); only its NT hash is stored
        Assert.Contains("user 'alice' added", await Ok(ScriptedInput.Typed("Correct-Horse-7", "Correct-Horsx\be-7"), "users", "add", "alice"), StringComparison.Ordinal);
        var alice = await Stored("alice");
        Assert.Equal(MsChapV2.NtPasswordHash("Correct-Horse-7"), alice.NtHash);
        Assert.True(alice.AllowVpn);

        // add --password-stdin --no-vpn --static
        await Ok(ScriptedInput.Piped("S3cret-bob\n"), "users", "add", "bob", "--password-stdin", "--no-vpn", "--static", "10.77.0.50");
        var bob = await Stored("bob");
        Assert.Equal(MsChapV2.NtPasswordHash("S3cret-bob"), bob.NtHash);
        Assert.False(bob.AllowVpn);
        Assert.Equal("10.77.0.50", Static(bob));

        // passwords typed differently, or no terminal and no --password-stdin: refused, nothing stored
        Assert.Contains("the two passwords differ", await Refused(ScriptedInput.Typed("one-Password", "another-Password"), "users", "add", "carol"), StringComparison.Ordinal);
        Assert.Contains("pass --password-stdin", await Refused(ScriptedInput.Piped("x\n"), "users", "add", "carol"), StringComparison.Ordinal);
        Assert.Contains("no password on standard input", await Refused(ScriptedInput.Piped(""), "users", "add", "carol", "--password-stdin"), StringComparison.Ordinal);
        Assert.Null(await stored("carol"));

        // the directory's refusals reach the operator
        Assert.Contains("user 'alice' exists", await Refused(ScriptedInput.Piped("Other-Pass-1\n"), "users", "add", "ALICE", "--password-stdin"), StringComparison.Ordinal);
        Assert.Contains("10.99.0.1 is outside every pool", await Refused(None, "users", "set", "alice", "--static", "10.99.0.1"), StringComparison.Ordinal);

        // list: JSON for scripts, a table for people
        var listed = JsonSerializer.Deserialize<List<UserView>>(await Ok(None, "users", "list", "--json"), Json.Options)!;
        Assert.Equal([new UserView("alice", true, false, null), new UserView("bob", false, false, "10.77.0.50")], listed);
        var table = await Ok(None, "users", "list");
        Assert.Contains("2 user(s)", table, StringComparison.Ordinal);
        Assert.Contains("10.77.0.50", table, StringComparison.Ordinal);

        // passwd
        Assert.Contains("password of 'alice' changed", await Ok(ScriptedInput.Piped("New-Horse-8\n"), "users", "passwd", "alice", "--password-stdin"), StringComparison.Ordinal);
        Assert.Equal(MsChapV2.NtPasswordHash("New-Horse-8"), (await Stored("alice")).NtHash);
        Assert.Contains("the two passwords differ", await Refused(ScriptedInput.Typed("Third-Pass-9", "Third-Pass-0"), "users", "passwd", "alice"), StringComparison.Ordinal);
        Assert.Equal(MsChapV2.NtPasswordHash("New-Horse-8"), (await Stored("alice")).NtHash);

        // disable, enable
        Assert.Contains("user 'alice' disabled", await Ok(None, "users", "disable", "alice"), StringComparison.Ordinal);
        Assert.True((await Stored("alice")).Disabled);
        Assert.Contains("user 'alice' enabled", await Ok(None, "users", "enable", "alice"), StringComparison.Ordinal);
        Assert.False((await Stored("alice")).Disabled);

        // set: VPN permission and reserved address, together and apart
        Assert.Contains("user 'alice' changed", await Ok(None, "users", "set", "alice", "--vpn", "false", "--static", "10.77.0.60"), StringComparison.Ordinal);
        alice = await Stored("alice");
        Assert.False(alice.AllowVpn);
        Assert.Equal("10.77.0.60", Static(alice));
        await Ok(None, "users", "set", "bob", "--vpn", "true", "--no-static");
        bob = await Stored("bob");
        Assert.True(bob.AllowVpn);
        Assert.Null(bob.StaticAddress);

        // remove
        Assert.Contains("user 'bob' removed", await Ok(None, "users", "remove", "bob"), StringComparison.Ordinal);
        Assert.Null(await stored("bob"));
        Assert.Contains("no user 'bob'", await Refused(None, "users", "remove", "bob"), StringComparison.Ordinal);
        Assert.Contains("no user 'nobody'", await Refused(None, "users", "disable", "nobody"), StringComparison.Ordinal);
    }

    /// <summary>A command that needs no password: no terminal, nothing piped.</summary>
    private static ScriptedInput None => ScriptedInput.Piped("");

    private static string? Static(UserEntry user) => user.StaticAddress is { } address ? Ipv4.Format(address) : null;

    private async Task<UserEntry> Stored(string name) => await stored(name) ?? throw new InvalidOperationException($"user '{name}' is not in the directory");

    private async Task<string> Ok(ScriptedInput input, params string[] arguments)
    {
        var result = await Run(input, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }

    /// <summary>Runs a command that must fail with exit code 1 and say why on stderr.</summary>
    private async Task<string> Refused(ScriptedInput input, params string[] arguments)
    {
        var result = await Run(input, arguments);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Output);
        return result.Error;
    }

    private async Task<CliResult> Run(ScriptedInput input, string[] arguments)
    {
        var result = await CliRun.RunAsync(input, [.. arguments, "--config", configPath]);
        output.WriteLine($"concentrator {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
