using System.Text;
using Concentrator.Client.Ppp;
using Concentrator.Client.Tests.Support;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Chap;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests;

/// <summary>MS-CHAPv2 as the peer (RFC 2759) against a scripted authenticator: mutual authentication, failures, retries.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task Wrong_authenticator_response_fails_the_mutual_authentication_and_the_client_hangs_up_like_windows()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        await server.AuthenticateAsync(validAuthenticator: false);

        await ExpectPoliteHangUpAsync(server);
        var call = await connecting.WaitAsync(ScriptedServer.Patience);
        Assert.Equal(ConnectOutcome.AuthFailed, call.Result.Outcome);
        Assert.Equal(SetupPhase.Authentication, call.Result.Phase);
        Assert.True(call.Result.AuthFailure!.ServerNotAuthenticated);
        Assert.Null(call.Result.AuthFailure.Error);
        Assert.Equal(1, call.Result.AuthFailure.Attempts);
        var disconnect = await call.Disconnected;
        Assert.Equal(DisconnectReason.SetupFailed, disconnect.Reason);
        Assert.Equal(CallDisconnectResult.Request, disconnect.Notify!.ResultCode);
        Assert.Equal(0, server.Gre.Demux.Count);
    }

    [Theory]
    [InlineData(MsChapV2ErrorCode.AuthenticationFailure, "Wrong user name or password")]
    [InlineData(MsChapV2ErrorCode.NoDialinPermission, "Remote access via VPN is not allowed for this user")]
    [InlineData(MsChapV2ErrorCode.AccountDisabled, "The account is disabled")]
    public async Task Failure_surfaces_the_error_code_and_message(MsChapV2ErrorCode code, string text)
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        var response = await server.ChallengeAsync();
        var failure = new MsChapV2FailureMessage(code, false, ReadOnlyMemory<byte>.Empty, 3, text);
        server.SendChap(new ChapFailurePacket(response.Identifier, failure.ToBytes()));

        await ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.AuthFailed, result.Outcome);
        Assert.Equal(new AuthFailure(code, false, text, false, 1), result.AuthFailure);
    }

    [Fact]
    public async Task A_retry_offered_with_a_new_challenge_is_answered_with_the_next_password()
    {
        await using var server = new ScriptedServer();
        var options = ScriptedServer.Options() with { Password = "wrong", RetryPasswords = ["also wrong", ScriptedServer.Password] };
        var client = new PptpClient(options, server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();

        var first = await server.ChallengeAsync(identifier: 0x31);
        Assert.True(MsChapV2.VerifyNtResponse(MsChapV2.NtPasswordHash("wrong"), ScriptedServer.Challenge, first.PeerChallenge.Span, first.Name.Span, first.NtResponse.Span));

        // RFC 2759 §6: E=691 R=1 C=<new challenge>; the next Response carries the Failure's Identifier + 1.
        var second = await FailWithRetryAsync(server, 0x31, Convert.FromHexString("0102030405060708090A0B0C0D0E0F10"));
        Assert.Equal(0x32, second.Identifier);
        Assert.True(MsChapV2.VerifyNtResponse(MsChapV2.NtPasswordHash("also wrong"), Convert.FromHexString("0102030405060708090A0B0C0D0E0F10"),
            second.PeerChallenge.Span, second.Name.Span, second.NtResponse.Span));
        Assert.NotEqual(first.PeerChallenge.ToArray(), second.PeerChallenge.ToArray());

        var retryChallenge = Convert.FromHexString("F0E0D0C0B0A090807060504030201000");
        var third = await FailWithRetryAsync(server, 0x32, retryChallenge);
        Assert.Equal(0x33, third.Identifier);
        var hash = MsChapV2.NtPasswordHash(ScriptedServer.Password);
        Assert.True(MsChapV2.VerifyNtResponse(hash, retryChallenge, third.PeerChallenge.Span, third.Name.Span, third.NtResponse.Span));

        var authenticator = MsChapV2.GenerateAuthenticatorResponse(hash, third.NtResponse.Span, third.PeerChallenge.Span, retryChallenge, third.Name.Span);
        server.SendChap(new ChapSuccessPacket(0x33, Encoding.ASCII.GetBytes(authenticator + " M=Welcome")));
        server.Keys = Protocol.Mppe.MppeMasterKeys.FromMsChapV2(hash, third.NtResponse.Span, isServer: true);
        await server.OpenCcpAsync();
        await server.OpenIpcpAsync();
        Assert.True((await connecting.WaitAsync(ScriptedServer.Patience)).Result.IsConnected);
    }

    [Fact]
    public async Task A_retry_offered_with_no_password_left_ends_in_auth_failed()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options() with { Password = "wrong" }, server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        var response = await server.ChallengeAsync();
        var failure = new MsChapV2FailureMessage(MsChapV2ErrorCode.AuthenticationFailure, true, new byte[16], 3, "try again");
        server.SendChap(new ChapFailurePacket(response.Identifier, failure.ToBytes()));

        await ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(new AuthFailure(MsChapV2ErrorCode.AuthenticationFailure, true, "try again", false, 1), result.AuthFailure);
    }

    [Fact]
    public async Task A_repeated_challenge_gets_the_same_response_and_a_new_one_a_new_response()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        _ = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync();
        var first = await server.ChallengeAsync(identifier: 5);
        var again = await server.ChallengeAsync(identifier: 5);
        Assert.Equal(first.ToArray(), again.ToArray());
        var other = await server.ChallengeAsync(identifier: 6, challenge: new byte[16]);
        Assert.NotEqual(first.NtResponse.ToArray(), other.NtResponse.ToArray());
    }

    [Fact]
    public async Task Pap_only_client_naks_ms_chap_v2_with_pap_and_a_server_that_insists_ends_the_link()
    {
        await using var server = new ScriptedServer();
        var options = ScriptedServer.Options() with { Lcp = ClientLcpSettings.Default with { Authentication = ClientAuthMode.PapOnly } };
        var client = new PptpClient(options, server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureRequest);
        server.SendControl(PppProtocol.Lcp, ControlCode.ConfigureRequest, 1, LcpOptions.Mru(1400), LcpOptions.MsChapV2, LcpOptions.MagicNumber(ScriptedServer.ServerMagic));

        // RFC 1661 §5.3: the Nak names the value we would accept: Auth-Protocol PAP (C023).
        var nak = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureNak);
        Assert.Equal(1, nak.Identifier);
        Assert.Equal(LcpOptions.AuthenticationProtocol(PppProtocol.Pap, []).Length, nak.Data.Length);
        Assert.Equal(new byte[] { 3, 4, 0xC0, 0x23 }, nak.Data.ToArray());

        // The concentrator refuses (LcpPolicy: PeerRefusesMsChapV2) and terminates.
        server.SendControl(PppProtocol.Lcp, new ControlPacket(ControlCode.TerminateRequest, 2, ReadOnlyMemory<byte>.Empty));
        var terminateAck = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.TerminateAck);
        Assert.Equal(2, terminateAck.Identifier);
        await ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.Disconnected, result.Outcome);
        Assert.Equal(SetupPhase.Lcp, result.Phase);
    }

    [Fact]
    public async Task A_server_that_asks_for_no_authentication_is_refused()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync(LcpOptions.Mru(1400), LcpOptions.MagicNumber(ScriptedServer.ServerMagic));
        await ExpectPoliteHangUpAsync(server);
        var result = (await connecting.WaitAsync(ScriptedServer.Patience)).Result;
        Assert.Equal(ConnectOutcome.ProtocolError, result.Outcome);
        Assert.Equal(SetupPhase.Lcp, result.Phase);
    }

    private static async Task<MsChapV2ResponsePacket> FailWithRetryAsync(ScriptedServer server, byte identifier, byte[] challenge)
    {
        var failure = new MsChapV2FailureMessage(MsChapV2ErrorCode.AuthenticationFailure, true, challenge, 3, "Wrong user name or password");
        server.SendChap(new ChapFailurePacket(identifier, failure.ToBytes()));
        return Assert.IsType<MsChapV2ResponsePacket>(await server.ExpectChapAsync());
    }

    /// <summary>What Windows does when it gives up: LCP Terminate-Request, Call-Clear-Request, Stop-Control-Connection-Request.</summary>
    internal static async Task ExpectPoliteHangUpAsync(ScriptedServer server)
    {
        var terminate = await server.ExpectAsync(PppProtocol.Lcp, ControlCode.TerminateRequest);
        server.SendControl(PppProtocol.Lcp, new ControlPacket(ControlCode.TerminateAck, terminate.Identifier, ReadOnlyMemory<byte>.Empty));
        var clear = await server.ExpectAsync<CallClearRequest>();
        Assert.Equal(server.ClientCallId, clear.CallId);
        await server.SendAsync(new CallDisconnectNotify(ScriptedServer.ServerCallId, CallDisconnectResult.Request, PptpErrorCode.None, 0, "cleared"));
        await server.ExpectAsync<StopControlConnectionRequest>();
        await server.SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None));
        Assert.True(await server.ControlClosedAsync());
    }
}
