using System.Net;
using Akka.Actor;
using Concentrator.Client;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>Calls ending from either side, several calls on one control connection, and a failing part of a call.</summary>
public sealed class TeardownTests : EndToEndTest
{
    [Fact]
    public async Task The_client_hangs_up_and_the_server_releases_everything()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("ivy", "pw");
        var call = await node.NewClient("ivy", "pw").ConnectAsync();
        Assert.True(call.Result.IsConnected);
        await call.HangUpAsync();
        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Equal(DisconnectReason.HangUp, disconnect.Reason);
        await AwaitEverythingGivenBackAsync(node);
    }

    [Fact]
    public async Task A_call_whose_own_actor_fails_ends_cleanly_and_gives_everything_back_once()
    {
        var node = new InMemoryConcentrator(Sys);
        var parts = await CallWithItsActorAsync(node, "gus");
        await using var connection = parts.Connection;
        await using var call = parts.Call;

        // Kill makes the call actor itself fail (ActorKilledException); its connection has it end like any call.
        parts.Actor.Tell(Kill.Instance);

        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Contains(disconnect.Reason, new[] { DisconnectReason.CallDisconnectNotify, DisconnectReason.LinkTerminated });
        Assert.Equal(call.PeerCallId, (await DiagnosticAsync(DiagnosticKind.InternalError)).CallId);
        Assert.True(connection.IsOpen);
        await AwaitEverythingGivenBackAsync(node);
    }

    [Fact]
    public async Task A_call_actor_stopped_from_outside_gives_everything_back_once()
    {
        var node = new InMemoryConcentrator(Sys);
        var parts = await CallWithItsActorAsync(node, "hal");
        await using var connection = parts.Connection;
        await using var call = parts.Call;

        Sys.Stop(parts.Actor);

        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Equal(DisconnectReason.CallDisconnectNotify, disconnect.Reason);
        Assert.Equal(CallDisconnectResult.GeneralError, disconnect.Notify!.ResultCode);
        await AwaitEverythingGivenBackAsync(node);
        Assert.Equal(1, node.Metrics.SessionEnded(Telemetry.SessionEndCause.Ended).Value);
    }

    /// <summary>A connected call on a control connection of its own, with its route in place, and the call's actor.</summary>
    private async Task<(PptpControlConnection Connection, PptpCall Call, IActorRef Actor)> CallWithItsActorAsync(InMemoryConcentrator node, string user)
    {
        node.Users.Add(user, "pw");
        var control = await node.NewClient(user, "pw").OpenControlConnectionAsync();
        var connection = control.Connection!;
        var call = await connection.PlaceCallAsync();
        Assert.True(call.Result.IsConnected);
        await AwaitAssertAsync(() => Assert.Equal(1, node.Layer.Routes.Count), Wait);
        var actor = await Sys.ActorSelection($"/user/pptp/*/call-{call.PeerCallId}").ResolveOne(Wait);
        return (connection, call, actor);
    }

    /// <summary>The call's lease (given back exactly once), route, call ID and GRE registration are all gone.</summary>
    private async Task AwaitEverythingGivenBackAsync(InMemoryConcentrator node)
    {
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(0, node.Pool.Leased);
            Assert.Equal(0, node.Layer.Routes.Count);
            Assert.Equal(0, node.Layer.CallIds.InUse);
            Assert.Equal(0, node.Layer.Demux.Count);
        }, Wait);
        await Task.Delay(200); // a second release would come now
        Assert.Equal(1, node.Pool.Releases);
    }

    [Fact]
    public async Task An_operator_kick_ends_the_call_with_a_disconnect_notify()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("jack", "pw");
        await using var call = await node.NewClient("jack", "pw").ConnectAsync();
        Assert.True(call.Result.IsConnected);
        var kicked = await node.Layer.Directory.Ask<SessionsKicked>(
            new KickSessions(new SessionSelector(UserName: "jack"), "kicked by the test"), Wait);
        Assert.Equal(1, kicked.Count);
        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Contains(disconnect.Reason, new[] { DisconnectReason.CallDisconnectNotify, DisconnectReason.LinkTerminated });
        await AwaitAssertAsync(() => Assert.Equal(0, node.Pool.Leased), Wait);
    }

    [Fact]
    public async Task A_node_shutdown_tells_every_client_and_stops_the_control_connections()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("kim", "pw");
        var sources = new[] { IPAddress.Parse("203.0.113.81"), IPAddress.Parse("203.0.113.82") };
        var connections = new List<PptpControlConnection>();
        var calls = new List<PptpCall>();
        foreach (var source in sources)
        {
            var control = await node.NewClient("kim", "pw", source: source).OpenControlConnectionAsync();
            connections.Add(control.Connection!);
            calls.Add(await control.Connection!.PlaceCallAsync());
        }
        Assert.All(calls, c => Assert.True(c.Result.IsConnected));

        await node.Layer.ShutdownAsync("maintenance", Wait);

        for (var i = 0; i < calls.Count; i++)
        {
            var disconnect = await calls[i].Disconnected.WaitAsync(Wait);
            Assert.NotNull(disconnect.Notify);
            Assert.Equal(CallDisconnectResult.AdminShutdown, disconnect.Notify!.ResultCode);
            Assert.Equal("maintenance", disconnect.Notify.CallStatistics);
            // RFC 2637 §2.3: once its calls are told, the connection is stopped with Stop-Control-Connection-Request.
            Assert.Contains("Stop-Control-Connection-Request", await connections[i].Closed.WaitAsync(Wait), StringComparison.Ordinal);
            var sent = node.LinkOf(sources[i]).Sent.ToList();
            var notify = sent.FindIndex(m => m is CallDisconnectNotify n && n.CallId == calls[i].PeerCallId);
            var stop = sent.FindIndex(m => m is StopControlConnectionRequest);
            Assert.InRange(notify, 0, int.MaxValue);
            Assert.True(stop > notify, $"Stop-Control-Connection-Request at {stop}, Call-Disconnect-Notify at {notify}");
            Assert.Equal(StopControlConnectionReason.StopLocalShutdown, ((StopControlConnectionRequest)sent[stop]).Reason);
        }
        Assert.Equal(0, node.Pool.Leased);
        foreach (var call in calls) await call.DisposeAsync();
    }

    [Fact]
    public async Task Two_calls_on_one_control_connection_are_independent()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("lea", "pw");
        var client = node.NewClient("lea", "pw");
        var control = await client.OpenControlConnectionAsync();
        await using var connection = control.Connection!;
        await using var first = await connection.PlaceCallAsync();
        await using var second = await connection.PlaceCallAsync();
        Assert.True(first.Result.IsConnected && second.Result.IsConnected);
        Assert.NotEqual(first.Result.Address, second.Result.Address);

        await first.HangUpAsync();
        await first.Disconnected.WaitAsync(Wait);
        Assert.True(connection.IsOpen);
        var packet = IpPackets.Udp(second.Result.Address!, System.Net.IPAddress.Parse("192.168.50.10"), 100, 7);
        Assert.Equal(SendResult.Sent, second.SendIpPacket(packet));
        Assert.Equal(packet, await node.Tun.ReadAsync(Wait));
    }

    [Fact]
    public async Task A_part_of_a_call_that_fails_ends_only_that_call()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("max", "pw");
        var client = node.NewClient("max", "pw");
        var control = await client.OpenControlConnectionAsync();
        await using var connection = control.Connection!;
        await using var victim = await connection.PlaceCallAsync();
        await using var survivor = await connection.PlaceCallAsync();
        Assert.True(victim.Result.IsConnected && survivor.Result.IsConnected);

        // Crash the victim's LCP child (Kill makes an actor fail with ActorKilledException).
        var lcp = await Sys.ActorSelection($"/user/pptp/*/call-{victim.PeerCallId}/lcp").ResolveOne(Wait);
        lcp.Tell(Kill.Instance);

        var disconnect = await victim.Disconnected.WaitAsync(Wait);
        Assert.NotEqual(DisconnectReason.HangUp, disconnect.Reason);
        var diagnostic = await DiagnosticAsync(DiagnosticKind.InternalError);
        Assert.Equal(victim.PeerCallId, diagnostic.CallId);

        Assert.True(connection.IsOpen);
        Assert.False(survivor.Disconnected.IsCompleted);
        var packet = IpPackets.Udp(survivor.Result.Address!, System.Net.IPAddress.Parse("192.168.50.10"), 100, 9);
        Assert.Equal(SendResult.Sent, survivor.SendIpPacket(packet));
        Assert.Equal(packet, await node.Tun.ReadAsync(Wait));
    }
}
