using System.Net;
using Concentrator.Client;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>The operator's idle timeout and session time limit (SessionPolicy) end real calls with a Call-Disconnect-Notify.</summary>
public sealed class SessionTimeoutTests : EndToEndTest
{
    private static readonly IPAddress LanHost = IPAddress.Parse("192.168.50.10");

    [Fact]
    public async Task A_session_without_traffic_is_ended_after_the_idle_timeout()
    {
        var node = new InMemoryConcentrator(Sys, s => s with { Policy = s.Policy with { IdleTimeout = TimeSpan.FromMilliseconds(300) } });
        node.Users.Add("quinn", "pw");
        await using var call = await node.NewClient("quinn", "pw").ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());

        await AssertEndedByServerAsync(node, call, "idle for 0.3 s");
    }

    [Fact]
    public async Task Traffic_keeps_a_session_past_the_idle_timeout_and_it_ends_once_the_traffic_stops()
    {
        var idle = TimeSpan.FromSeconds(2); // a stalled test thread (GC, a busy machine) must not pass for an idle client
        var node = new InMemoryConcentrator(Sys, s => s with { Policy = s.Policy with { IdleTimeout = idle } });
        node.Users.Add("rita", "pw");
        await using var call = await node.NewClient("rita", "pw").ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());

        // A packet every 50 ms for twice the idle timeout: the session must stay up all along.
        var until = DateTime.UtcNow + 2 * idle;
        while (DateTime.UtcNow < until)
        {
            Assert.Equal(SendResult.Sent, call.SendIpPacket(IpPackets.Udp(call.Result.Address!, LanHost, 40, 1)));
            await Task.Delay(50);
        }
        Assert.False(call.Disconnected.IsCompleted, "ended while IP data was flowing");

        await AssertEndedByServerAsync(node, call, "idle");
    }

    [Fact]
    public async Task A_session_is_ended_at_the_session_time_limit_even_while_busy()
    {
        var node = new InMemoryConcentrator(Sys, s => s with { Policy = s.Policy with { SessionTimeout = TimeSpan.FromMilliseconds(600) } });
        node.Users.Add("sam", "pw");
        await using var call = await node.NewClient("sam", "pw").ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());

        var deadline = DateTime.UtcNow + Wait;
        while (!call.Disconnected.IsCompleted && DateTime.UtcNow < deadline)
        {
            call.SendIpPacket(IpPackets.Udp(call.Result.Address!, LanHost, 40, 2));
            await Task.Delay(50);
        }

        await AssertEndedByServerAsync(node, call, "session time limit of 0.6 s reached");
    }

    /// <summary>The server ended the call (RFC 2637 §2.13: Admin Shutdown, with why in Call Statistics) and gave its address back.</summary>
    private async Task AssertEndedByServerAsync(InMemoryConcentrator node, PptpCall call, string why)
    {
        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Contains(disconnect.Reason, new[] { DisconnectReason.CallDisconnectNotify, DisconnectReason.LinkTerminated });
        var notify = Assert.IsType<CallDisconnectNotify>(disconnect.Notify);
        Assert.Equal(CallDisconnectResult.AdminShutdown, notify.ResultCode);
        Assert.Contains(why, notify.CallStatistics, StringComparison.Ordinal);
        await AwaitAssertAsync(() => Assert.Equal(0, node.Pool.Leased), Wait);
    }
}
