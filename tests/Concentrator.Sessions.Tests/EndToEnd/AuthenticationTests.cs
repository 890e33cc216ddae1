using System.Net;
using Concentrator.Client;
using Concentrator.Protocol.Ppp.Chap;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>MS-CHAPv2 outcomes as a client sees them (RFC 2759 §6 codes) and as the operator is told.</summary>
public sealed class AuthenticationTests : EndToEndTest
{
    [Fact]
    public async Task A_wrong_password_gets_691_with_a_retry_and_the_right_one_then_connects()
    {
        var node = new InMemoryConcentrator(Sys);
        var chap = new ServerChapRecorder();
        node.ServerGreFilter = chap.Filter;
        node.Users.Add("bob", "right-password");
        await using var call = await node.NewClient("bob", "wrong-password", o => o with { RetryPasswords = ["right-password"] }).ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());
        // RFC 2759 §6: the Failure offers a retry (R=1) with a new challenge in C=, which the retry answers.
        var failure = Assert.Single(Failures(chap));
        Assert.Equal(MsChapV2ErrorCode.AuthenticationFailure, failure.Error);
        Assert.True(failure.RetryAllowed);
        Assert.Equal(MsChapV2FailureMessage.MsChapV2Version, failure.Version);
        AssertFreshChallenges(FirstChallenge(chap), [failure]);
        Assert.IsType<ChapSuccessPacket>(chap.Packets[^1]);
        var diagnostic = await DiagnosticAsync(DiagnosticKind.BadPassword);
        Assert.Equal("bob", diagnostic.User);
        Assert.Contains("E=691", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(node.Bans.IsBanned(diagnostic.Peer));
    }

    [Fact]
    public async Task Only_wrong_passwords_end_in_691_after_the_last_attempt()
    {
        var node = new InMemoryConcentrator(Sys);
        var chap = new ServerChapRecorder();
        node.ServerGreFilter = chap.Filter;
        node.Users.Add("bob", "right-password");
        await using var call = await node.NewClient("bob", "nope", o => o with { RetryPasswords = ["nope2", "nope3"] }).ConnectAsync();
        Assert.Equal(ConnectOutcome.AuthFailed, call.Result.Outcome);
        Assert.Equal(MsChapV2ErrorCode.AuthenticationFailure, call.Result.AuthFailure!.Error);
        Assert.False(call.Result.AuthFailure.RetryAllowed);
        Assert.Equal(3, Diagnostics(DiagnosticKind.BadPassword).Count);
        // Attempts 1 and 2 are offered a retry with a new challenge each; the last (MaxAttempts 3) is not.
        var failures = Failures(chap);
        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.Equal(MsChapV2ErrorCode.AuthenticationFailure, f.Error));
        Assert.Equal([true, true, false], failures.Select(f => f.RetryAllowed));
        AssertFreshChallenges(FirstChallenge(chap), failures.Take(2));
    }

    /// <summary>The MS-CHAPv2 Failure messages the server sent, in order.</summary>
    private static List<MsChapV2FailureMessage> Failures(ServerChapRecorder chap) =>
        chap.Packets.OfType<ChapFailurePacket>()
            .Select(p => MsChapV2FailureMessage.TryParse(p.Message.Span, out var m, out var error) ? m : throw new Xunit.Sdk.XunitException($"unreadable Failure: {error}"))
            .ToList();

    private static string FirstChallenge(ServerChapRecorder chap) =>
        Convert.ToHexString(chap.Packets.OfType<MsChapV2ChallengePacket>().First().Challenge.Span);

    /// <summary>Each retry's C= is 16 octets and differs from the first Challenge and from every other retry's.</summary>
    private static void AssertFreshChallenges(string first, IEnumerable<MsChapV2FailureMessage> retries)
    {
        var seen = new List<string> { first };
        foreach (var retry in retries)
        {
            Assert.Equal(MsChapV2FailureMessage.ChallengeLength, retry.Challenge.Length);
            var challenge = Convert.ToHexString(retry.Challenge.Span);
            Assert.DoesNotContain(challenge, seen);
            seen.Add(challenge);
        }
    }

    [Fact]
    public async Task A_user_without_vpn_permission_gets_649_even_with_the_right_password()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("carol", "her-password", allowVpn: false);
        await using var call = await node.NewClient("carol", "her-password").ConnectAsync();
        Assert.Equal(ConnectOutcome.AuthFailed, call.Result.Outcome);
        Assert.Equal(MsChapV2ErrorCode.NoDialinPermission, call.Result.AuthFailure!.Error);
        var diagnostic = await DiagnosticAsync(DiagnosticKind.NoVpnPermission);
        Assert.Contains("allow remote access via VPN", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_gets_647()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("dave", "pw", disabled: true);
        await using var call = await node.NewClient("dave", "pw").ConnectAsync();
        Assert.Equal(MsChapV2ErrorCode.AccountDisabled, call.Result.AuthFailure!.Error);
        await DiagnosticAsync(DiagnosticKind.AccountDisabled);
    }

    [Fact]
    public async Task A_cyrillic_password_works_as_rfc_2759_says()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("иван", "пароль-Ёж");
        await using var call = await node.NewClient("иван", "пароль-Ёж").ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());
    }

    [Fact]
    public async Task The_sixth_failure_bans_the_source_and_the_seventh_connection_is_refused()
    {
        var node = new InMemoryConcentrator(Sys, s => s with { Auth = s.Auth with { MaxAttempts = 1 } });
        node.Users.Add("bob", "right-password");
        var source = IPAddress.Parse("203.0.113.66");
        for (var i = 1; i <= 6; i++)
        {
            await using var call = await node.NewClient("bob", $"guess-{i}", source: source).ConnectAsync();
            Assert.Equal(ConnectOutcome.AuthFailed, call.Result.Outcome);
            Assert.Equal(i == 6, node.Bans.IsBanned(source));
        }
        var banned = await DiagnosticAsync(DiagnosticKind.SourceBanned);
        Assert.Equal(source, banned.Peer);
        await using var seventh = await node.NewClient("bob", "right-password", source: source).ConnectAsync();
        Assert.False(seventh.Result.IsConnected);
        Assert.Equal(SetupPhase.Control, seventh.Result.Phase);
        // Another source is not affected, and an operator can lift the ban.
        await using var other = await node.NewClient("bob", "right-password").ConnectAsync();
        Assert.True(other.Result.IsConnected);
        Assert.True(node.Bans.Lift(source));
        await using var lifted = await node.NewClient("bob", "right-password", source: source).ConnectAsync();
        Assert.True(lifted.Result.IsConnected, lifted.Result.ToString());
    }

    [Fact]
    public async Task Calls_are_refused_while_pptp_logins_are_switched_off()
    {
        var node = new InMemoryConcentrator(Sys) { PptpEnabled = false };
        node.Users.Add("bob", "pw");
        await using var call = await node.NewClient("bob", "pw").ConnectAsync();
        Assert.Equal(ConnectOutcome.CallRefused, call.Result.Outcome);
        Assert.Equal(Protocol.Pptp.OutgoingCallResult.DoNotAccept, call.Result.CallReply!.ResultCode);
        await DiagnosticAsync(DiagnosticKind.PptpDisabled);
    }
}
