using System.Net;
using Concentrator.Client.Ppp;
using Concentrator.Client.Tests.Support;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests;

/// <summary>A whole setup against a scripted server, phase by phase, checking every message the client sends.</summary>
public sealed class CallSetupTests
{
    [Fact]
    public async Task Connects_through_every_phase_and_reports_address_dns_and_mppe()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, time);
        var connecting = client.ConnectAsync();

        // RFC 2637 §2.1: version 1.0, our host and vendor names.
        var start = await server.AcceptControlAsync();
        Assert.Equal(0x0100, start.ProtocolVersion);
        Assert.Equal("concentrator-client", start.HostName);
        Assert.Equal("Concentrator.Client", start.VendorName);

        // §2.7: a call ID the transport allocated, our receive window, any bearer/framing.
        var call = await server.AcceptCallAsync();
        Assert.NotEqual(0, call.CallId);
        Assert.Equal(64, call.PacketReceiveWindowSize);
        Assert.Equal(BearerCapabilities.Analog | BearerCapabilities.Digital, call.BearerType);
        Assert.Equal(FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous, call.FramingType);

        // LCP: MRU 1400 and a Magic-Number, nothing else.
        var lcp = await server.OpenLcpAsync();
        Assert.True(PppOptionList.TryDecode(lcp.Data.Span, out var options, out _));
        Assert.Equal([LcpOptions.Mru(1400), LcpOptions.MagicNumber(server.ClientMagic)], options);
        Assert.NotEqual(0u, server.ClientMagic);

        var response = await server.AuthenticateAsync();
        Assert.Equal(0, response.Flags);
        await server.OpenCcpAsync();
        await server.OpenIpcpAsync();

        var connected = await connecting.WaitAsync(ScriptedServer.Patience);
        var result = connected.Result;
        Assert.Equal(ConnectOutcome.Connected, result.Outcome);
        Assert.Equal(SetupPhase.Connected, result.Phase);
        Assert.Equal(ScriptedServer.ClientAddress, result.Address);
        Assert.Equal(ScriptedServer.TunnelAddress, result.Network!.ServerAddress);
        Assert.Equal(ScriptedServer.Dns1, result.Network.PrimaryDns);
        Assert.Equal(ScriptedServer.Dns2, result.Network.SecondaryDns);
        Assert.Null(result.Network.PrimaryNbns);
        Assert.Equal(new MppeMode(MppeKeyLength.Bits128, Stateless: true), result.Encryption);
        Assert.Equal(StartControlConnectionResult.Successful, result.ControlReply!.ResultCode);
        Assert.Equal(ScriptedServer.ServerCallId, result.CallReply!.CallId);
        Assert.Equal(CallState.Connected, connected.State);
        Assert.Equal(call.CallId, connected.CallId);
        Assert.Equal(ScriptedServer.ServerCallId, connected.PeerCallId);
        Assert.False(connected.Disconnected.IsCompleted);
        Assert.False(server.HasUnread);
    }

    [Fact]
    public async Task Setup_time_is_measured_on_the_clients_clock()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, time);
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        time.Advance(TimeSpan.FromMilliseconds(700));
        await server.AuthenticateAsync();
        await server.OpenCcpAsync();
        await server.OpenIpcpAsync();
        var call = await connecting.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(TimeSpan.FromMilliseconds(700), call.Result.SetupTime);
    }

    [Fact]
    public async Task Refused_control_connection_is_reported_with_the_servers_reply_and_closed()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync(StartControlConnectionResult.NotAuthorized);
        var call = await connecting.WaitAsync(ScriptedServer.Patience);

        Assert.Equal(ConnectOutcome.ControlRefused, call.Result.Outcome);
        Assert.Equal(SetupPhase.Control, call.Result.Phase);
        Assert.Equal(StartControlConnectionResult.NotAuthorized, call.Result.ControlReply!.ResultCode);
        Assert.Equal(CallState.Disconnected, call.State);
        Assert.Equal(DisconnectReason.SetupFailed, (await call.Disconnected).Reason);
        Assert.True(await server.ControlClosedAsync());
        Assert.Equal(0, server.Gre.Demux.Count);
    }

    [Fact]
    public async Task Refused_call_is_reported_with_the_servers_reply_and_the_connection_is_stopped()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync(OutgoingCallResult.DoNotAccept);

        // RFC 2637 §2.3: with no call left, the client stops its control connection; the call needs no clearing.
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var call = await connecting.WaitAsync(ScriptedServer.Patience);

        Assert.Equal(ConnectOutcome.CallRefused, call.Result.Outcome);
        Assert.Equal(SetupPhase.Call, call.Result.Phase);
        Assert.Equal(OutgoingCallResult.DoNotAccept, call.Result.CallReply!.ResultCode);
        Assert.True(await server.ControlClosedAsync());
        Assert.Equal(0, server.Gre.Demux.Count);
    }

    [Fact]
    public async Task Unreachable_server_is_an_outcome_not_an_exception()
    {
        var client = new PptpClient(ScriptedServer.Options(),
            _ => ValueTask.FromException<Stream>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)),
            new Client.Transport.InMemoryGreTransport(), new ManualTimeProvider());
        var call = await client.ConnectAsync();
        Assert.Equal(ConnectOutcome.Unreachable, call.Result.Outcome);
        Assert.Equal(SetupPhase.Transport, call.Result.Phase);
        Assert.Equal(SendResult.NotConnected, call.SendIpPacket([0x45]));
        await call.HangUpAsync();
        Assert.Equal(DisconnectReason.SetupFailed, (await call.Disconnected).Reason);
    }

    [Fact]
    public async Task Lcp_packets_that_overtake_the_outgoing_call_reply_are_not_lost()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.ExpectCallRequestAsync();

        // The server's actor starts LCP before its Outgoing-Call-Reply is on the wire (Sessions: ControlConnection).
        Assert.True(server.SendControl(PppProtocol.Lcp, ControlCode.ConfigureRequest, 1,
            LcpOptions.Mru(1400), LcpOptions.MsChapV2, LcpOptions.MagicNumber(ScriptedServer.ServerMagic)));
        await server.ReplyToCallAsync();

        // The early request was kept and answered once the reply came.
        var ack = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureAck);
        Assert.Equal(1, ack.Identifier);
        var ours = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureRequest);
        server.Ack(PppProtocol.Lcp, ours);
        await server.AuthenticateAsync();
        await server.OpenCcpAsync();
        await server.OpenIpcpAsync();
        Assert.True((await connecting.WaitAsync(ScriptedServer.Patience)).Result.IsConnected);
    }

    [Fact]
    public async Task Several_calls_share_one_control_connection()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var opening = client.OpenControlConnectionAsync();
        await server.AcceptControlAsync();
        var opened = await opening.WaitAsync(ScriptedServer.Patience);
        Assert.True(opened.Result.IsConnected, opened.Result.ToString());
        var connection = opened.Connection!;

        var first = connection.PlaceCallAsync();
        var firstRequest = await server.ExpectAsync<OutgoingCallRequest>();
        await server.SendAsync(new OutgoingCallReply(0, firstRequest.CallId, OutgoingCallResult.Busy, PptpErrorCode.None, 0, 0, 64, 0, 0));
        Assert.Equal(ConnectOutcome.CallRefused, (await first.WaitAsync(ScriptedServer.Patience)).Result.Outcome);

        var second = connection.PlaceCallAsync();
        var secondRequest = await server.ExpectAsync<OutgoingCallRequest>();
        Assert.NotEqual(firstRequest.CallId, secondRequest.CallId);
        Assert.NotEqual(firstRequest.CallSerialNumber, secondRequest.CallSerialNumber);
        Assert.True(connection.IsOpen);
        Assert.Equal(1, connection.CallCount);

        var stopping = connection.StopAsync();
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        await stopping.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(ConnectOutcome.Disconnected, (await second.WaitAsync(ScriptedServer.Patience)).Result.Outcome);
        Assert.False(connection.IsOpen);
    }
}
