using Concentrator.Client.Tests.Support;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests;

/// <summary>Nothing hangs: every step has a bound on the client's clock, and running out of it is a <see cref="ConnectOutcome.Timeout"/>.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task No_outgoing_call_reply_times_out_in_the_call_phase_and_the_call_is_cleared()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, time);
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.ExpectCallRequestAsync();

        time.Advance(TimeSpan.FromSeconds(10));
        // The server may have the call without having said so: the client clears it, then stops.
        var clear = await server.ExpectAsync<CallClearRequest>();
        Assert.Equal(server.ClientCallId, clear.CallId);
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.Timeout, result.Outcome);
        Assert.Equal(SetupPhase.Call, result.Phase);
        Assert.Equal(TimeSpan.FromSeconds(10), result.SetupTime);
    }

    [Fact]
    public async Task No_gre_from_the_server_ends_after_max_configure_requests_and_says_gre_is_blocked()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(TimeSpan.FromSeconds(60)), server.Streams, server.Gre, time);
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();

        // RFC 1661 §4.6: Max-Configure (10) requests, 3 s apart, then TO-.
        var identifiers = new List<byte>();
        for (var i = 0; i < 10; i++)
        {
            var request = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureRequest);
            identifiers.Add(request.Identifier);
            time.Advance(TimeSpan.FromSeconds(3));
        }

        // GRE is blocked both ways: the client's Terminate-Request is not answered either.
        await server.ExpectAsync<CallClearRequest>();
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.Request, PptpErrorCode.None, 0, ""));
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.Timeout, result.Outcome);
        Assert.Equal(SetupPhase.Lcp, result.Phase);
        Assert.Contains("GRE", result.Detail);
        Assert.Equal(10, identifiers.Distinct().Count());
        Assert.Equal(TimeSpan.FromSeconds(30), result.SetupTime);
    }

    [Fact]
    public async Task A_server_that_stalls_after_lcp_hits_the_connect_timeout_in_the_authentication_phase()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(TimeSpan.FromSeconds(20)), server.Streams, server.Gre, time);
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();

        time.Advance(TimeSpan.FromSeconds(20));
        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.Timeout, result.Outcome);
        Assert.Equal(SetupPhase.Authentication, result.Phase);
    }

    [Fact]
    public async Task No_start_control_connection_reply_times_out_in_the_control_phase()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, time);
        var connecting = client.ConnectAsync();
        await server.AcceptAsync();
        await server.ExpectAsync<StartControlConnectionRequest>();
        while (!connecting.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        var result = (await connecting).Result;
        Assert.Equal(ConnectOutcome.Timeout, result.Outcome);
        Assert.Equal(SetupPhase.Control, result.Phase);
        Assert.True(await server.ControlClosedAsync());
    }

    [Fact]
    public async Task Hanging_up_on_a_silent_server_is_bounded_by_the_hang_up_timeout()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, time);
        var call = await server.ConnectAsync(client);

        var hangingUp = call.HangUpAsync();
        await server.ExpectAsync(PppProtocol.Lcp, ControlCode.TerminateRequest);
        while (!hangingUp.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        await hangingUp;
        Assert.Equal(CallState.Disconnected, call.State);
        Assert.Equal(DisconnectReason.HangUp, (await call.Disconnected).Reason);
        await server.ExpectAsync<CallClearRequest>();
        await server.ExpectAsync<StopControlConnectionRequest>();
        Assert.True(await server.ControlClosedAsync());
    }
}
