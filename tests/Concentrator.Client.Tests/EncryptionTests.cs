using Concentrator.Client.Ppp;
using Concentrator.Client.Tests.Support;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests;

/// <summary>CCP and MPPE (RFC 1962, RFC 3078) as the client negotiates them, including the refusals for negative tests.</summary>
public sealed class EncryptionTests
{
    [Fact]
    public async Task A_40_bit_only_client_naks_128_bit_and_ends_in_encryption_refused_when_the_server_gives_up()
    {
        await using var server = new ScriptedServer();
        var options = ScriptedServer.Options() with { MppeOffer = MppeBits.Key40 | MppeBits.Stateless };
        var (connecting, _) = await AuthenticatedAsync(server, options);

        server.SendControl(PppProtocol.Ccp, ControlCode.ConfigureRequest, 1, CcpOptions.Mppe(MppeBits.Key128 | MppeBits.Stateless));
        var request = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureRequest);
        Assert.Equal(CcpOptions.Mppe(MppeBits.Key40 | MppeBits.Stateless).Data.ToArray(), request.Data.Span[2..].ToArray());
        var nak = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureNak);
        Assert.Equal(PppOptionList.ToArray([CcpOptions.Mppe(MppeBits.Key40 | MppeBits.Stateless)]), nak.Data.ToArray());

        // The concentrator's CcpPolicy finds no variant it allows and closes CCP.
        server.SendControl(PppProtocol.Ccp, new ControlPacket(ControlCode.TerminateRequest, 2, ReadOnlyMemory<byte>.Empty));
        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.EncryptionRefused, result.Outcome);
        Assert.Equal(SetupPhase.Encryption, result.Phase);
    }

    [Fact]
    public async Task A_client_refusing_mppe_rejects_the_option_and_asks_for_nothing()
    {
        await using var server = new ScriptedServer();
        var (connecting, _) = await AuthenticatedAsync(server, ScriptedServer.Options() with { Encryption = ClientEncryption.RejectMppe });

        server.SendControl(PppProtocol.Ccp, ControlCode.ConfigureRequest, 1, CcpOptions.Mppe(MppeBits.Key128 | MppeBits.Stateless));
        var request = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureRequest);
        Assert.Equal(0, request.Data.Length);
        var reject = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureReject);
        Assert.Equal(PppOptionList.ToArray([CcpOptions.Mppe(MppeBits.Key128 | MppeBits.Stateless)]), reject.Data.ToArray());

        server.SendControl(PppProtocol.Ccp, new ControlPacket(ControlCode.TerminateRequest, 2, ReadOnlyMemory<byte>.Empty));
        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        Assert.Equal(ConnectOutcome.EncryptionRefused, (await connecting.WaitAsync(ScriptedServer.Patience)).Result.Outcome);
    }

    [Fact]
    public async Task A_client_without_ccp_protocol_rejects_it_runs_no_ipcp_and_ends_in_encryption_refused()
    {
        await using var server = new ScriptedServer();
        var (connecting, _) = await AuthenticatedAsync(server, ScriptedServer.Options() with { Encryption = ClientEncryption.RejectCcp });

        var ccpRequest = new ControlPacket(ControlCode.ConfigureRequest, 1, PppOptionList.ToArray([CcpOptions.Mppe(MppeBits.Key128 | MppeBits.Stateless)]));
        server.SendControl(PppProtocol.Ccp, ccpRequest);

        // RFC 1661 §5.7: Rejected-Protocol 80FD, then the rejected packet. Nothing else: no IPCP.
        var reject = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ProtocolReject);
        Assert.Equal([0x80, 0xFD, .. ccpRequest.ToArray()], reject.Data.ToArray());
        Assert.False(server.HasUnread);
        Assert.False(connecting.IsCompleted);

        // The concentrator's MppeActor takes the reject as a refusal and ends the call.
        server.SendControl(PppProtocol.Lcp, new ControlPacket(ControlCode.TerminateRequest, 3, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(3, (await server.ExpectAsync(PppProtocol.Lcp, ControlCode.TerminateAck)).Identifier);
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.GeneralError, PptpErrorCode.PacError, 0, "encryption required"));
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.EncryptionRefused, result.Outcome);
        Assert.Equal(SetupPhase.Encryption, result.Phase);
        Assert.Null(result.Encryption);
    }

    [Fact]
    public async Task A_refusing_client_whose_call_the_server_clears_at_once_reports_encryption_refused()
    {
        await using var server = new ScriptedServer();
        var (connecting, _) = await AuthenticatedAsync(server, ScriptedServer.Options() with { Encryption = ClientEncryption.RejectMppe });
        await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureRequest);
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.GeneralError, PptpErrorCode.PacError, 0, "encryption required"));
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.EncryptionRefused, result.Outcome);
        Assert.Equal("encryption required", result.DisconnectNotify!.CallStatistics);
        Assert.False(server.HasUnread);
    }

    [Fact]
    public async Task A_call_cleared_during_ccp_by_a_client_that_wants_mppe_is_a_plain_disconnect()
    {
        await using var server = new ScriptedServer();
        var (connecting, _) = await AuthenticatedAsync(server, ScriptedServer.Options());
        await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureRequest);
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.GeneralError, PptpErrorCode.PacError, 0, "no address: PoolExhausted"));
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.Disconnected, result.Outcome);
        Assert.Equal(SetupPhase.Encryption, result.Phase);
    }

    [Fact]
    public async Task A_server_nak_to_a_variant_we_do_not_offer_fails_on_our_side()
    {
        await using var server = new ScriptedServer();
        var (connecting, _) = await AuthenticatedAsync(server, ScriptedServer.Options());
        var request = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureRequest);
        server.SendControl(PppProtocol.Ccp, ControlCode.ConfigureNak, request.Identifier, CcpOptions.Mppe(MppeBits.Key40 | MppeBits.Stateless));

        // We close CCP ourselves (RFC 3078 §2: the link SHOULD be terminated), then the whole link.
        var terminate = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.TerminateRequest);
        server.SendControl(PppProtocol.Ccp, new ControlPacket(ControlCode.TerminateAck, terminate.Identifier, ReadOnlyMemory<byte>.Empty));
        await AuthenticationTests.ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.EncryptionRefused, result.Outcome);
        Assert.Equal(SetupPhase.Encryption, result.Phase);
    }

    [Fact]
    public async Task Stateful_mppe_answers_reset_requests_and_flushes_its_encryptor()
    {
        await using var server = new ScriptedServer();
        var options = ScriptedServer.Options() with { MppeOffer = MppeBits.Key128 };
        var (connecting, _) = await AuthenticatedAsync(server, options);
        await server.OpenCcpAsync(MppeBits.Key128);
        await server.OpenIpcpAsync();
        var call = await connecting.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(new MppeMode(MppeKeyLength.Bits128, Stateless: false), call.Result.Encryption);

        var decryptor = server.Keys!.CreateDecryptor(MppeKeyLength.Bits128, stateless: false);
        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(40, seed: 1)));
        var first = await server.NextFrameAsync();
        Assert.False(MppeHeaderOf(first).Flushed);
        Assert.Equal(MppeError.None, decryptor.Decrypt(first.Information));

        // RFC 3078 §8.2: Reset-Request in, Reset-Ack with the same Identifier out, next packet FLUSHED.
        server.SendControl(PppProtocol.Ccp, new ControlPacket(ControlCode.ResetRequest, 9, ReadOnlyMemory<byte>.Empty));
        var ack = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ResetAck);
        Assert.Equal(9, ack.Identifier);
        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(40, seed: 2)));
        var second = await server.NextFrameAsync();
        Assert.True(MppeHeaderOf(second).Flushed);

        // A lost server packet: the client's decryptor asks for a reset.
        var encryptor = server.Keys.CreateEncryptor(MppeKeyLength.Bits128, stateless: false);
        var lost = new byte[44];
        lost[3] = 0x21;
        encryptor.Encrypt(lost);
        server.SendIp(encryptor, Packets.Ip(40, seed: 3));
        var reset = await server.ExpectAsync(PppProtocol.Ccp, ControlCode.ResetRequest);
        Assert.Equal(1, reset.Identifier);
        Assert.Equal(1, call.Statistics.MppeErrors);
    }

    private static MppeHeader MppeHeaderOf(SentFrame frame)
    {
        Assert.Equal(MppeHeader.PppProtocol, frame.Protocol);
        Assert.True(MppeHeader.TryDecode(frame.Information, out var header, out _));
        return header;
    }

    /// <summary>Control connection, call, LCP and MS-CHAPv2 done; the client now negotiates CCP and IPCP.</summary>
    internal static async Task<(Task<PptpCall> Connecting, PptpClient Client)> AuthenticatedAsync(ScriptedServer server, PptpClientOptions options)
    {
        var client = new PptpClient(options, server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        await server.AuthenticateAsync();
        return (connecting, client);
    }
}
