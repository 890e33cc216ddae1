using System.Net;
using Concentrator.Client;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.EndToEnd;

/// <summary>
/// Our client library against a real `concentrator serve` over real TCP and real GRE, in three network
/// namespaces of the test's own (client — concentrator — LAN): the client reaches a LAN host through the
/// tunnel and the LAN host reaches the client; the call ends and its lease comes back. A variant with GRE
/// dropped on the client's side checks the operator's diagnostic.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NamespaceEndToEndTests(ITestOutputHelper output)
{
    private const string User = "walter";
    private const string Password = "Lan-Access-9";

    [SkippableFact]
    public async Task A_client_pings_the_lan_through_the_tunnel_and_the_lan_pings_the_client()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        await using var lab = await ThreeNamespaceLab.StartAsync(output, User, Password);
        var sink = new PacketQueue();
        var call = await lab.NewClient(User, Password, sink).ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());
        var address = call.Result.Address!;
        Assert.StartsWith("10.81.0.", address.ToString(), StringComparison.Ordinal);

        // client → LAN host: ICMP echo of 1396 bytes (the largest that fits MRU 1400 with MPPE's 4 bytes) through the tunnel, answered by the LAN namespace's kernel
        for (ushort seq = 1; seq <= 3; seq++)
        {
            Assert.Equal(SendResult.Sent, call.SendIpPacket(IcmpPackets.EchoRequest(address, ThreeNamespaceLab.LanHost, 0x4242, seq, 1368)));
            var reply = await NextAsync(sink, p => IcmpPackets.IsEchoReply(p, 0x4242));
            Assert.Equal(ThreeNamespaceLab.LanHost, new IPAddress(reply.AsSpan(12, 4)));
        }

        // LAN host → client: the kernel's ping; the test answers as the client's host would
        var answering = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                var request = await NextAsync(sink, IcmpPackets.IsEchoRequest);
                call.SendIpPacket(IcmpPackets.ReplyTo(request));
            }
        });
        var ping = await Shell.RunAsync(TimeSpan.FromSeconds(20), "ip", "netns", "exec", lab.Lan.Name, "ping", "-c", "3", "-i", "0.2", "-W", "3", address.ToString());
        output.WriteLine(ping.Output);
        Assert.Equal(0, ping.ExitCode);
        await answering.WaitAsync(TimeSpan.FromSeconds(10));

        using var api = lab.Operator();
        Assert.Equal(1, Assert.Single(await api.PoolsAsync()).Leased);
        var session = Assert.Single((await api.SessionsAsync()).Sessions);
        Assert.Equal(User, session.User);
        Assert.True(session.BytesIn > 3 * 1400 && session.BytesOut > 3 * 1400, $"{session.BytesIn} in, {session.BytesOut} out");

        await call.HangUpAsync();
        Assert.True(await lab.Node.WaitForLogAsync(l => l.Contains("ended:", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), lab.Node.Log);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await api.PoolsAsync())[0].Leased != 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(0, (await api.PoolsAsync())[0].Leased);
        Assert.Empty((await api.SessionsAsync()).Sessions);
    }

    [SkippableFact]
    public async Task Gre_blocked_on_the_clients_side_is_reported_to_the_operator()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        await using var lab = await ThreeNamespaceLab.StartAsync(output, User, Password);
        // A firewall on the client's side that drops GRE (IP protocol 47) but lets TCP 1723 through.
        foreach (var rule in new[]
                 {
                     "add table inet blockgre",
                     "add chain inet blockgre out { type filter hook output priority 0 ; }",
                     "add rule inet blockgre out ip protocol gre drop",
                 })
            Assert.Equal(0, (await Shell.RunAsync(TimeSpan.FromSeconds(10), "ip", ["netns", "exec", lab.Client.Name, "nft", .. rule.Split(' ')])).ExitCode);

        var call = await lab.NewClient(User, Password, new PacketQueue(), connectTimeout: TimeSpan.FromSeconds(6)).ConnectAsync();
        Assert.False(call.Result.IsConnected);
        Assert.True(await lab.Node.WaitForLogAsync(
            l => l.Contains($"no GRE received from {ThreeNamespaceLab.ClientAddress} for call", StringComparison.Ordinal)
                 && l.Contains("GRE (IP protocol 47) is blocked", StringComparison.Ordinal)
                 && l.Contains("619", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), lab.Node.Log);
        await call.DisposeAsync();
    }

    [SkippableFact]
    public async Task Doctor_finds_a_healthy_node_healthy_and_says_what_to_do_when_it_is_gone()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        await using var lab = await ThreeNamespaceLab.StartAsync(output, User, Password);
        var healthy = await lab.Node.CliAsync("doctor");
        output.WriteLine(healthy.Output);
        Assert.Equal(0, healthy.ExitCode);
        foreach (var check in new[] { "TCP 1723", "GRE", "TUN cne0", "IP forwarding", "database", "operator API", "cluster", "clocks" })
            Assert.Matches($@"ok\s+{check}", healthy.Output);
        Assert.Contains("answers PPTP", healthy.Output, StringComparison.Ordinal);

        lab.Node.Kill();
        var gone = await lab.Node.CliAsync("doctor");
        output.WriteLine(gone.Output);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("nothing listens on", gone.Output, StringComparison.Ordinal);
        Assert.Contains("start the node", gone.Output, StringComparison.Ordinal);
    }

    private static async Task<byte[]> NextAsync(PacketQueue sink, Func<byte[], bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var packet = await sink.ReadAsync(deadline - DateTime.UtcNow);
            if (match(packet.Packet)) return packet.Packet;
        }
        throw new TimeoutException("no matching packet through the tunnel");
    }
}

/// <summary>The namespace tests start real nodes with fixed names inside their namespaces: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
