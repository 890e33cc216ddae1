using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Interop;

/// <summary>
/// The referee nobody here wrote: Debian 12's pptp 1.10 + pppd 2.4.9 (require-mppe-128, MS-CHAPv2 only)
/// in QEMU against a real `concentrator serve`, all inside a network namespace of the test's own.
/// Each test boots the guest once (about 15–20 s under software emulation).
/// </summary>
[Collection(InteropCollection.Name)]
public sealed partial class RealClientTests(ITestOutputHelper output)
{
    private const string User = "alice";
    private const string Password = "Correct-Horse-7";

    private static string Config(string node) => $$"""
        {
          "node": { "id": "{{node}}", "dataDirectory": "$DATA" },
          "listen": { "address": "{{InteropHarness.HostAddress}}", "port": 1723 },
          "tunnel": { "interface": "cit0", "queues": 2, "localAddress": "10.78.0.1", "dns": [ "10.78.0.1" ] },
          "pools": [ { "name": "interop", "range": "10.78.0.0/24", "exclude": [ "10.78.0.1" ] } ],
          "lan": { "enableForwarding": false },
          "http": { "listen": "127.0.0.1:9723" }
        }
        """;

    [SkippableFact]
    public async Task Pppd_connects_with_mppe_128_stateless_pings_through_and_hangs_up_cleanly()
    {
        await using var lab = await Lab.StartAsync(output, "interop1");
        using var capture = await PacketCapture.StartAsync(lab.Namespace.Name, InteropHarness.Tap);
        var run = InteropHarness.RunClientsAsync(lab.Namespace.Name, User, Password, sessions: 1);
        Assert.True(await lab.Node.WaitForLogAsync(l => l.Contains("session interop1-", StringComparison.Ordinal) && l.Contains(" up: ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(90)), "no session came up:\n" + lab.Node.Log);
        var flood = await FloodPingAsync(lab.Namespace.Name, "10.78.0.2");
        var result = await run;
        output.WriteLine(result.Output);

        var fields = InteropHarness.Result(result.Output);
        Assert.Equal("1", fields.GetValueOrDefault("pass"));
        Assert.Equal("1/1", fields.GetValueOrDefault("mppe128"));
        Assert.Equal("1/1", fields.GetValueOrDefault("down"));
        var session = Assert.Single(InteropHarness.Sessions(result.Output));
        Assert.Equal("10.78.0.2", session["local"]);
        Assert.Equal("10.78.0.1", session["remote"]);
        Assert.Equal("4/4", session["ping_ok"]);
        Assert.Equal("4/4", session["big_ok"]);
        Assert.Contains("MPPE 128-bit stateless compression enabled", result.Output, StringComparison.Ordinal);
        // pppd's hang-up: LCP Terminate-Request and pptp's Call-Clear-Request, each answered.
        Assert.True(await lab.Node.WaitForLogAsync(l => l.Contains("ended: the client", StringComparison.Ordinal), TimeSpan.FromSeconds(20)), lab.Node.Log);
        output.WriteLine($"MEASURED interop t_up={session["t_up"]} flood: {flood}");

        var dissected = await capture.DissectAsync();
        foreach (var protocol in new[] { "Point-to-Point Tunnelling Protocol", "Generic Routing Encapsulation", "PPP Challenge Handshake Authentication Protocol",
                     "PPP Compression Control Protocol", "PPP IP Control Protocol", "PPP Link Control Protocol" })
            Assert.Contains(protocol, dissected, StringComparison.Ordinal);
        Assert.DoesNotContain("Malformed", dissected, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExpertError(), dissected);
    }

    [SkippableFact]
    public async Task Four_pppd_clients_at_once_each_get_their_own_address()
    {
        await using var lab = await Lab.StartAsync(output, "interop4");
        var result = await InteropHarness.RunClientsAsync(lab.Namespace.Name, User, Password, sessions: 4, timeoutSeconds: 150);
        output.WriteLine(result.Output);
        var fields = InteropHarness.Result(result.Output);
        Assert.Equal("1", fields.GetValueOrDefault("pass"));
        Assert.Equal("4", fields.GetValueOrDefault("up"));
        Assert.Equal("4/4", fields.GetValueOrDefault("mppe128"));
        var addresses = InteropHarness.Sessions(result.Output).Select(s => s["local"]).ToList();
        Assert.Equal(4, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.StartsWith("10.78.0.", a, StringComparison.Ordinal));
        output.WriteLine($"MEASURED interop 4 sessions t_up_max={fields.GetValueOrDefault("t_up_max")}");
    }

    [SkippableFact]
    public async Task A_wrong_password_is_an_ms_chap_v2_failure_for_pppd_and_a_diagnostic_for_the_operator()
    {
        await using var lab = await Lab.StartAsync(output, "interopbad");
        var result = await InteropHarness.RunClientsAsync(lab.Namespace.Name, User, "not-the-password", sessions: 1, timeoutSeconds: 60);
        output.WriteLine(result.Output);
        Assert.Equal("0", InteropHarness.Result(result.Output).GetValueOrDefault("pass"));
        Assert.Contains("E=691", result.Output, StringComparison.Ordinal);
        Assert.Contains("authentication failed", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(await lab.Node.WaitForLogAsync(l => l.Contains("gave a wrong password", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), lab.Node.Log);
    }

    /// <summary>A timed transfer through the tunnel with the real client: ICMP flood (1400-byte packets) from the server side to the client's address.</summary>
    private async Task<string> FloodPingAsync(string netns, string client)
    {
        var clock = Stopwatch.StartNew();
        var ping = await Shell.RunAsync(TimeSpan.FromSeconds(30), "ip", "netns", "exec", netns, "ping", "-f", "-q", "-s", "1372", "-c", "3000", "-w", "10", client);
        var match = PingSummary().Match(ping.Output);
        if (!match.Success) return "no ping summary: " + ping.Output;
        var received = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var mbit = received * 1400.0 * 8 * 2 / seconds / 1e6;
        return $"{received}/{match.Groups[1].Value} echo round trips of 1400 bytes in {seconds:0.0} s = {mbit:0.0} Mbit/s through MPPE both ways";
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) (?:packets )?received")]
    private static partial Regex PingSummary();

    [GeneratedRegex(@"\[Expert Info \(Error")]
    private static partial Regex ExpertError();

    /// <summary>A namespace with the tap and a node listening on it; the guest boots per test.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        private Lab(NetworkNamespace ns, NodeProcess node)
        {
            Namespace = ns;
            Node = node;
        }

        public NetworkNamespace Namespace { get; }
        public NodeProcess Node { get; }

        public static async Task<Lab> StartAsync(ITestOutputHelper output, string nodeId)
        {
            Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
            if (!InteropHarness.IsBuilt)
            {
                Assert.False(RepositoryPaths.InCi, "the interop harness is not built: .ci/run must run ../shared/interop/build.sh");
                Skip.If(true, "the interop harness is not built: run ../shared/interop/build.sh");
            }
            var ns = NetworkNamespace.CreateUnique("cit-");
            try
            {
                var tap = await InteropHarness.TapUpAsync(ns.Name);
                Assert.True(tap.ExitCode == 0, tap.Output);
                var node = await NodeProcess.StartAsync(ns.Name, Config(nodeId), $"{User}:{Password}", output);
                return new Lab(ns, node);
            }
            catch
            {
                ns.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            Namespace.Dispose();
        }
    }
}

/// <summary>The interop tests share one tap name and boot a VM each: never in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InteropCollection
{
    public const string Name = "interop";
}
