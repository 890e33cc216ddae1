using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Concentrator.Client.Tests.Support;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests;

/// <summary>The control connection (RFC 2637 §2, §3.1) beyond the happy path: TCP, odd messages, cancellation, disposal.</summary>
public sealed class ControlConnectionTests
{
    [Fact]
    public async Task Tcp_streams_carry_the_control_connection_over_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var client = new PptpClient(ScriptedServer.Options() with { Server = IPAddress.Loopback },
            ControlStreams.Tcp(endpoint, IPAddress.Loopback), new InMemoryGreTransport());
        var connecting = client.ConnectAsync();

        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(ScriptedServer.Patience);
        Assert.True(accepted.Client.RemoteEndPoint is IPEndPoint { Address: var from } && IPAddress.IsLoopback(from));
        var stream = accepted.GetStream();
        var request = new byte[156];
        await stream.ReadExactlyAsync(request).AsTask().WaitAsync(ScriptedServer.Patience);
        Assert.True(PptpCodec.TryDecode(request, out var message, out _));
        Assert.IsType<StartControlConnectionRequest>(message);
        var reply = new StartControlConnectionReply(0x0100, StartControlConnectionResult.GeneralError, PptpErrorCode.NoResource,
            FramingCapabilities.None, BearerCapabilities.None, 0, 0, "tcp", "test");
        var bytes = new byte[reply.Length];
        reply.WriteTo(bytes);
        await stream.WriteAsync(bytes);

        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.ControlRefused, result.Outcome);
        Assert.Equal(PptpErrorCode.NoResource, result.ControlReply!.ErrorCode);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(ScriptedServer.Patience));
    }

    [Fact]
    public async Task A_closed_tcp_port_is_unreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        var client = new PptpClient(ScriptedServer.Options(), ControlStreams.Tcp(endpoint), new InMemoryGreTransport());
        var result = (await client.ConnectAsync().WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.Unreachable, result.Outcome);
        Assert.Equal(SetupPhase.Transport, result.Phase);
        Assert.Contains("refused", result.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Malformed_messages_are_counted_and_ignored_and_incoming_calls_are_refused()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var opening = client.OpenControlConnectionAsync();
        await server.AcceptControlAsync();
        var connection = (await opening.WaitAsync(ScriptedServer.Patience)).Connection!;

        // A well-framed message of an unknown Control Message Type (RFC 2637 §2): skipped.
        var unknown = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(unknown, 16);
        BinaryPrimitives.WriteUInt16BigEndian(unknown.AsSpan(2), PptpHeader.ControlMessage);
        BinaryPrimitives.WriteUInt32BigEndian(unknown.AsSpan(4), PptpHeader.MagicCookie);
        BinaryPrimitives.WriteUInt16BigEndian(unknown.AsSpan(8), 99);
        await server.SendRawAsync(unknown);

        // §2.9/§2.10: a PNS takes no incoming calls.
        await server.SendAsync(new IncomingCallRequest(0x77, 1, BearerCapabilities.Analog, 0, 0, 0, "", "", ""));
        var reply = await server.ExpectAsync<IncomingCallReply>();
        Assert.Equal(IncomingCallResult.DoNotAccept, reply.ResultCode);
        Assert.Equal(0x77, reply.PeerCallId);
        Assert.Equal(1, connection.Malformed);
        Assert.True(connection.IsOpen);

        connection.Dispose();
        Assert.False(connection.IsOpen);
        Assert.Equal("disposed", await connection.Closed.WaitAsync(ScriptedServer.Patience));
        Assert.True(await server.ControlClosedAsync());
    }

    [Fact]
    public async Task Disposing_a_connection_stops_it_politely()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var opening = client.OpenControlConnectionAsync();
        await server.AcceptControlAsync();
        var connection = (await opening.WaitAsync(ScriptedServer.Patience)).Connection!;
        var disposing = connection.DisposeAsync().AsTask();
        Assert.Equal(StopControlConnectionReason.None, (await server.ExpectAsync<StopControlConnectionRequest>()).Reason);
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        await disposing.WaitAsync(ScriptedServer.Patience);
        Assert.False(connection.IsOpen);
        await connection.StopAsync();
    }

    [Fact]
    public async Task Cancelling_a_connect_hangs_the_call_up_and_throws()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        using var cancel = new CancellationTokenSource();
        var connecting = client.ConnectAsync(cancel.Token);
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        await cancel.CancelAsync();

        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.WaitAsync(ScriptedServer.Patience));
        Assert.Equal(0, server.Gre.Demux.Count);
    }

    [Fact]
    public async Task Disposing_a_call_hangs_it_up()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        Assert.StartsWith("Connected in", call.Result.ToString());
        var disposing = call.DisposeAsync().AsTask();
        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        await disposing.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(DisconnectReason.HangUp, (await call.Disconnected).Reason);
        Assert.Equal($"call {call.CallId}/{ScriptedServer.ServerCallId} Disconnected", call.ToString());
    }

    [Fact]
    public async Task A_refused_call_leaves_the_connection_open_for_the_next()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var opening = client.OpenControlConnectionAsync();
        await server.AcceptControlAsync();
        var connection = (await opening.WaitAsync(ScriptedServer.Patience)).Connection!;
        var placing = connection.PlaceCallAsync();
        await server.ExpectCallRequestAsync();
        Assert.Equal(1, connection.CallCount);
        await server.ReplyToCallAsync(OutgoingCallResult.NoCarrier);
        var placed = await placing.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(ConnectOutcome.CallRefused, placed.Result.Outcome);
        Assert.Equal(0, connection.CallCount);
        Assert.True(connection.IsOpen);
        Assert.False(server.HasUnread);
    }

    [Fact]
    public async Task Ppp_frames_with_protocols_the_client_does_not_speak_are_protocol_rejected()
    {
        await using var server = new ScriptedServer();
        await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        var ipv6cp = new ControlPacket(ControlCode.ConfigureRequest, 1, new byte[] { 1, 10, 0, 0, 0, 0, 0, 0, 0, 1 });
        server.SendControl(PppProtocol.Ipv6cp, ipv6cp);
        var reject = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ProtocolReject);
        Assert.Equal([0x80, 0x57, .. ipv6cp.ToArray()], reject.Data.ToArray());
    }
}
