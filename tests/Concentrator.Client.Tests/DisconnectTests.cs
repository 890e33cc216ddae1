using System.Buffers.Binary;
using Concentrator.Client.Tests.Support;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests;

/// <summary>A connected call: keepalives answered, and every way it can end.</summary>
public sealed class DisconnectTests
{
    [Fact]
    public async Task Lcp_echo_requests_are_answered_with_the_clients_magic_number()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        var echo = new EchoPacket(ControlCode.EchoRequest, 77, ScriptedServer.ServerMagic, new byte[] { 1, 2, 3 });
        server.SendControl(PppProtocol.Lcp, echo.ToControlPacket());

        // RFC 1661 §5.8: same Identifier and data, our own Magic-Number.
        var reply = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.EchoReply);
        Assert.True(EchoPacket.TryDecode(reply, out var decoded, out _));
        Assert.Equal(77, decoded.Identifier);
        Assert.Equal(server.ClientMagic, decoded.MagicNumber);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Data.ToArray());
        Assert.Equal(CallState.Connected, call.State);
    }

    [Fact]
    public async Task Pptp_echo_requests_are_answered()
    {
        await using var server = new ScriptedServer();
        await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        await server.SendAsync(new EchoRequest(0xDEADBEEF));
        var reply = await server.ExpectAsync<EchoReply>();
        Assert.Equal(new EchoReply(0xDEADBEEF, EchoResult.Ok, PptpErrorCode.None), reply);
    }

    [Fact]
    public async Task Lcp_terminate_then_call_disconnect_notify_from_the_server_end_the_call_with_both_reported()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));

        server.SendControl(PppProtocol.Lcp, new ControlPacket(ControlCode.TerminateRequest, 40, ReadOnlyMemory<byte>.Empty));
        var ack = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.TerminateAck);
        Assert.Equal(40, ack.Identifier);
        Assert.Equal(SendResult.NotConnected, call.SendIpPacket(Packets.Ip(40, 1)));
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.AdminShutdown, PptpErrorCode.None, 0,
            "session 12 s, 3 packets in"));

        // No Call-Clear-Request: the server already cleared the call. Then the connection is stopped.
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var disconnect = await call.Disconnected.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(DisconnectReason.LinkTerminated, disconnect.Reason);
        Assert.Equal(CallDisconnectResult.AdminShutdown, disconnect.Notify!.ResultCode);
        Assert.Equal("session 12 s, 3 packets in", disconnect.Notify.CallStatistics);
        Assert.True(call.Result.IsConnected);
        Assert.True(await server.ControlClosedAsync());
    }

    [Fact]
    public async Task Call_disconnect_notify_alone_ends_the_call()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.LostCarrier, PptpErrorCode.None, 0, "idle"));
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var disconnect = await call.Disconnected.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(DisconnectReason.CallDisconnectNotify, disconnect.Reason);
        Assert.Contains("idle", disconnect.Detail);
        Assert.Equal(0, server.Gre.Demux.Count);
    }

    [Fact]
    public async Task A_call_disconnect_notify_for_another_call_is_ignored()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId + 1, CallDisconnectResult.LostCarrier, PptpErrorCode.None, 0, ""));
        await server.SendAsync(new EchoRequest(1));
        await server.ExpectAsync<EchoReply>();
        Assert.Equal(CallState.Connected, call.State);
    }

    [Fact]
    public async Task Stop_control_connection_request_from_the_server_is_answered_and_ends_the_call()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        await server.SendAsync(new StopControlConnectionRequest(StopControlConnectionReason.StopLocalShutdown));
        Assert.Equal(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None), await server.ExpectAsync<StopControlConnectionReply>());
        var disconnect = await call.Disconnected.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(DisconnectReason.ControlStopped, disconnect.Reason);
        Assert.True(await server.ControlClosedAsync());
    }

    [Fact]
    public async Task Losing_the_control_connection_ends_the_call()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        server.CloseControl();
        var disconnect = await call.Disconnected.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(DisconnectReason.ControlLost, disconnect.Reason);
        Assert.Equal(SendResult.NotConnected, call.SendIpPacket(Packets.Ip(40, 1)));
    }

    [Fact]
    public async Task A_corrupt_control_stream_during_setup_is_a_protocol_error()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.ExpectCallRequestAsync();
        var garbage = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(garbage, 16);
        BinaryPrimitives.WriteUInt16BigEndian(garbage.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(garbage.AsSpan(4), 0xBADC0FFE);
        await server.SendRawAsync(garbage);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.ProtocolError, result.Outcome);
        Assert.Equal(SetupPhase.Call, result.Phase);
        Assert.Contains("BadMagicCookie", result.Detail);
    }

    [Fact]
    public async Task Hanging_up_terminates_lcp_clears_the_call_and_stops_the_connection_in_that_order()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        var hangingUp = call.HangUpAsync();
        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        await hangingUp.WaitAsync(ScriptedServer.Patience);
        await call.HangUpAsync();
        var disconnect = await call.Disconnected;
        Assert.Equal(DisconnectReason.HangUp, disconnect.Reason);
        Assert.Equal(CallDisconnectResult.Request, disconnect.Notify!.ResultCode);
        Assert.Equal(CallState.Disconnected, call.State);
        Assert.Equal(0, server.Gre.Demux.Count);
    }
}
