using System.Net;
using Concentrator.Client;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>The "one session per user" policy (off, deny-new, replace-old) with real calls from two machines.</summary>
public sealed class OneSessionPerUserTests : EndToEndTest
{
    private static readonly IPAddress LanHost = IPAddress.Parse("192.168.50.10");

    [Fact]
    public async Task Off_lets_a_user_have_two_sessions()
    {
        var node = NodeWith(OneSessionPerUser.Off);
        await using var first = await node.NewClient("uma", "pw").ConnectAsync();
        await using var second = await node.NewClient("uma", "pw").ConnectAsync();
        Assert.True(first.Result.IsConnected && second.Result.IsConnected);
        await AssertCarriesIpAsync(node, first);
        await AssertCarriesIpAsync(node, second);
        Assert.Equal(2, node.Pool.Leased);
    }

    [Fact]
    public async Task Deny_new_refuses_the_second_login_keeps_the_first_and_frees_the_user_when_it_ends()
    {
        var node = NodeWith(OneSessionPerUser.DenyNew);
        var first = await node.NewClient("uma", "pw").ConnectAsync();
        Assert.True(first.Result.IsConnected);

        await using (var second = await node.NewClient("uma", "pw").ConnectAsync())
        {
            Assert.False(second.Result.IsConnected);
            var refused = await second.Disconnected.WaitAsync(Wait);
            Assert.Equal(CallDisconnectResult.AdminShutdown, refused.Notify?.ResultCode);
            Assert.Contains("user already connected", refused.Notify!.CallStatistics, StringComparison.Ordinal);
        }
        Assert.Equal("uma", (await DiagnosticAsync(DiagnosticKind.DuplicateSession)).User);
        Assert.False(first.Disconnected.IsCompleted);
        await AssertCarriesIpAsync(node, first);
        Assert.Equal(1, node.Pool.Leased);

        // Once the first session has ended, the user may log in again (the claim went with the call).
        await first.HangUpAsync();
        await first.Disconnected.WaitAsync(Wait);
        await using var again = await LoginWhenFreeAsync(node);
        Assert.True(again.Result.IsConnected, again.Result.ToString());
    }

    [Fact]
    public async Task Replace_old_ends_the_first_session_and_keeps_the_new_one()
    {
        var node = NodeWith(OneSessionPerUser.ReplaceOld);
        await using var first = await node.NewClient("uma", "pw").ConnectAsync();
        Assert.True(first.Result.IsConnected);

        await using var second = await node.NewClient("uma", "pw").ConnectAsync();
        Assert.True(second.Result.IsConnected, second.Result.ToString());
        var replaced = await first.Disconnected.WaitAsync(Wait);
        Assert.Equal(CallDisconnectResult.AdminShutdown, replaced.Notify?.ResultCode);
        Assert.Contains("replaced by a new session", replaced.Notify!.CallStatistics, StringComparison.Ordinal);

        await AwaitAssertAsync(() => Assert.Equal(1, node.Pool.Leased), Wait);
        await AssertCarriesIpAsync(node, second);
        Assert.False(second.Disconnected.IsCompleted);
    }

    private InMemoryConcentrator NodeWith(OneSessionPerUser mode)
    {
        var node = new InMemoryConcentrator(Sys, s => s with { Policy = s.Policy with { OneSessionPerUser = mode } });
        node.Users.Add("uma", "pw");
        return node;
    }

    /// <summary>Logs "uma" in, trying again (a few times, bounded) while the ended session's claim is still being let go.</summary>
    private static async Task<PptpCall> LoginWhenFreeAsync(InMemoryConcentrator node)
    {
        for (var attempt = 1; ; attempt++)
        {
            var call = await node.NewClient("uma", "pw").ConnectAsync();
            if (call.Result.IsConnected || attempt == 5) return call;
            await call.DisposeAsync();
            await Task.Delay(200);
        }
    }

    /// <summary>One packet reaches the LAN, and the session has its route for packets back down.</summary>
    private async Task AssertCarriesIpAsync(InMemoryConcentrator node, PptpCall call)
    {
        var up = IpPackets.Udp(call.Result.Address!, LanHost, 64, 0x11);
        Assert.Equal(SendResult.Sent, call.SendIpPacket(up));
        Assert.Equal(up, await node.Tun.ReadAsync(Wait));
        await AwaitAssertAsync(() => Assert.True(node.Tun.Inject(IpPackets.Udp(LanHost, call.Result.Address!, 1, 0))), Wait);
    }
}
