using System.Text;
using Concentrator.Client.Ppp;
using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Client.Tests.Ppp;

/// <summary>The MS-CHAPv2 peer against the worked example of RFC 2759 §9.2 and RFC 3079 §3.5.3.</summary>
public sealed class MsChapV2PeerTests
{
    // RFC 2759 §9.2: UserName "User", Password "clientPass".
    private static readonly byte[] AuthenticatorChallenge = Convert.FromHexString("5B5D7C7D7B3F2F3E3C2C602132262628");
    private static readonly byte[] PeerChallenge = Convert.FromHexString("21402324255E262A28295F2B3A337C7E");
    private const string NtResponse = "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF";
    private const string AuthenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    // RFC 3079 §3.5.3: the 128-bit start key the server sends with, which the client receives with.
    private const string ServerSendStartKey128 = "8B7CDC149B993A1BA118CB153F56DCCB";

    private static MsChapV2Peer Peer(params string[] passwords) =>
        new("User", passwords.Length == 0 ? ["clientPass"] : passwords, buffer => PeerChallenge.CopyTo(buffer));

    private static byte[] Challenge(byte identifier, byte[]? challenge = null) =>
        new MsChapV2ChallengePacket(identifier, challenge ?? AuthenticatorChallenge, "server"u8.ToArray()).ToArray();

    private static byte[] Success(byte identifier, string message) => new ChapSuccessPacket(identifier, Encoding.ASCII.GetBytes(message)).ToArray();

    [Fact]
    public void Answers_the_rfc_challenge_with_the_rfc_nt_response()
    {
        var step = Peer().OnPacket(Challenge(7));
        Assert.Equal(MsChapV2PeerStatus.Pending, step.Status);
        Assert.True(ChapPacket.TryDecode(step.Response, out var packet, out _));
        var response = Assert.IsType<MsChapV2ResponsePacket>(packet);
        Assert.Equal(7, response.Identifier);
        Assert.Equal(PeerChallenge, response.PeerChallenge.ToArray());
        Assert.Equal(NtResponse, Convert.ToHexString(response.NtResponse.Span));
        Assert.Equal(0, response.Flags);
        Assert.Equal("User", Encoding.ASCII.GetString(response.Name.Span));
    }

    [Fact]
    public void A_correct_authenticator_response_succeeds_with_the_clients_mppe_keys()
    {
        var peer = Peer();
        peer.OnPacket(Challenge(7));
        var step = peer.OnPacket(Success(7, AuthenticatorResponse + " M=Welcome home"));
        Assert.Equal(MsChapV2PeerStatus.Succeeded, step.Status);
        Assert.Equal("Welcome home", step.ServerMessage);
        Assert.Null(step.Response);
        Assert.Equal(ServerSendStartKey128, Convert.ToHexString(step.Keys!.ReceiveKey));
        Assert.NotEqual(ServerSendStartKey128, Convert.ToHexString(step.Keys.SendKey));
        Assert.Equal(MsChapV2PeerStatus.Succeeded, peer.Status);
        Assert.Equal(1, peer.Attempts);
    }

    [Theory]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA57 M=ok")]   // one bit off
    [InlineData("S=0000000000000000000000000000000000000000")]
    [InlineData("M=no authenticator response at all")]
    [InlineData("S=407A")]
    public void A_success_that_does_not_prove_the_password_fails_the_mutual_authentication(string message)
    {
        var peer = Peer();
        peer.OnPacket(Challenge(7));
        var step = peer.OnPacket(Success(7, message));
        Assert.Equal(MsChapV2PeerStatus.Failed, step.Status);
        Assert.True(step.Failure!.ServerNotAuthenticated);
        Assert.Null(step.Keys);
    }

    [Fact]
    public void A_success_from_a_server_that_knows_another_password_fails()
    {
        var peer = Peer("another password");
        peer.OnPacket(Challenge(7));
        Assert.True(peer.OnPacket(Success(7, AuthenticatorResponse)).Failure!.ServerNotAuthenticated);
    }

    [Fact]
    public void Packets_out_of_turn_are_ignored()
    {
        var peer = Peer();
        Assert.Same(MsChapV2PeerStep.Nothing, peer.OnPacket(Success(7, AuthenticatorResponse)));
        peer.OnPacket(Challenge(7));
        Assert.Same(MsChapV2PeerStep.Nothing, peer.OnPacket(Success(8, AuthenticatorResponse)));
        Assert.Same(MsChapV2PeerStep.Nothing, peer.OnPacket([1, 2, 3]));
        Assert.Same(MsChapV2PeerStep.Nothing, peer.OnPacket(new MsChapV2ResponsePacket(7, new byte[16], new byte[24], 0, ReadOnlyMemory<byte>.Empty).ToArray()));
        peer.OnPacket(Success(7, AuthenticatorResponse));
        Assert.Same(MsChapV2PeerStep.Nothing, peer.OnPacket(Challenge(9)));
    }

    [Fact]
    public void A_failure_parses_into_the_error_code_and_a_retry_uses_the_next_password_and_the_new_challenge()
    {
        var peer = Peer("wrong", "clientPass");
        peer.OnPacket(Challenge(7, new byte[16]));
        var failure = new ChapFailurePacket(7, "E=691 R=1 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=bad password"u8.ToArray()).ToArray();
        var retry = peer.OnPacket(failure);
        Assert.Equal(MsChapV2PeerStatus.Pending, retry.Status);
        Assert.True(ChapPacket.TryDecode(retry.Response, out var packet, out _));
        var response = Assert.IsType<MsChapV2ResponsePacket>(packet);
        Assert.Equal(8, response.Identifier);
        Assert.Equal(NtResponse, Convert.ToHexString(response.NtResponse.Span));
        Assert.Equal(2, peer.Attempts);
        Assert.Equal(MsChapV2PeerStatus.Succeeded, peer.OnPacket(Success(8, AuthenticatorResponse)).Status);
    }

    [Theory]
    [InlineData("E=691 R=0 V=3 M=nope", 691, false, "nope")]
    [InlineData("E=649 R=0 V=3 M=Remote access via VPN is not allowed", 649, false, "Remote access via VPN is not allowed")]
    [InlineData("E=691 R=1 V=3 M=no challenge to retry with", 691, true, "no challenge to retry with")]
    public void A_failure_without_a_possible_retry_is_final(string message, int code, bool retry, string text)
    {
        var peer = Peer();
        peer.OnPacket(Challenge(7));
        var step = peer.OnPacket(new ChapFailurePacket(7, Encoding.ASCII.GetBytes(message)).ToArray());
        Assert.Equal(MsChapV2PeerStatus.Failed, step.Status);
        Assert.Equal(new AuthFailure((MsChapV2ErrorCode)code, retry, text, false, 1), step.Failure);
    }

    [Fact]
    public void An_unreadable_failure_is_final_without_a_code()
    {
        var peer = Peer();
        peer.OnPacket(Challenge(7));
        var step = peer.OnPacket(new ChapFailurePacket(7, "Access denied"u8.ToArray()).ToArray());
        Assert.Null(step.Failure!.Error);
        Assert.Contains("Access denied", step.Failure.Message);
    }

    [Fact]
    public void Needs_a_password()
    {
        Assert.Throws<ArgumentException>(() => new MsChapV2Peer("User", [], _ => { }));
    }
}
