using Akka.Actor;
using Concentrator.Client;
using Concentrator.Client.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>Clients that will not do what the seed requires (MS-CHAPv2 only, MPPE-128 required), and links that die.</summary>
public sealed class EncryptionAndLinkTests : EndToEndTest
{
    [Theory]
    [InlineData(ClientEncryption.RejectMppe)]
    [InlineData(ClientEncryption.RejectCcp)]
    public async Task A_client_that_will_not_encrypt_is_disconnected_with_encryption_required(ClientEncryption mode)
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("eve", "pw");
        await using var call = await node.NewClient("eve", "pw", o => o with { Encryption = mode }).ConnectAsync();
        Assert.Equal(ConnectOutcome.EncryptionRefused, call.Result.Outcome);
        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Equal("encryption required", disconnect.Notify?.CallStatistics);
        var diagnostic = await DiagnosticAsync(DiagnosticKind.EncryptionRefused);
        Assert.Contains("enable MPPE 128-bit and only MS-CHAPv2", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("742", diagnostic.Hint, StringComparison.Ordinal);
        await AwaitAssertAsync(() => Assert.Equal(0, node.Pool.Leased), Wait);
    }

    [Fact]
    public async Task A_client_offering_only_40_bit_mppe_is_refused_by_default()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("eve", "pw");
        await using var call = await node.NewClient("eve", "pw", o => o with { MppeOffer = MppeBits.Key40 | MppeBits.Stateless }).ConnectAsync();
        Assert.False(call.Result.IsConnected);
        await DiagnosticAsync(DiagnosticKind.EncryptionRefused);
    }

    [Fact]
    public async Task A_client_that_refuses_ms_chap_v2_is_told_why()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("eve", "pw");
        await using var call = await node.NewClient("eve", "pw",
            o => o with { Lcp = o.Lcp with { Authentication = ClientAuthMode.PapOnly }, ConnectTimeout = TimeSpan.FromSeconds(8) }).ConnectAsync();
        Assert.False(call.Result.IsConnected);
        var diagnostic = await DiagnosticAsync(DiagnosticKind.AuthProtocolRefused);
        Assert.Contains("MS-CHAP v2", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("closed by the remote computer", diagnostic.Hint, StringComparison.Ordinal);
        await AwaitAssertAsync(() => Assert.Equal(1, node.Metrics.Setup(SetupResult.AuthProtocolRefused).Value), Wait);
        Assert.Equal(0, node.Metrics.Setup(SetupResult.Error).Value);
    }

    [Fact]
    public async Task A_client_that_stops_answering_lcp_echo_is_ended()
    {
        var node = new InMemoryConcentrator(Sys, s => s with { LcpEchoInterval = TimeSpan.FromMilliseconds(300), LcpEchoFailures = 3 });
        node.Users.Add("frank", "pw");
        var mute = false;
        await using var call = await node.NewClient("frank", "pw", o => o with { OutgoingGreFilter = _ => mute ? Client.Transport.GreFault.Drop : Client.Transport.GreFault.Send })
            .ConnectAsync();
        Assert.True(call.Result.IsConnected);
        mute = true; // GRE from the client stops (the client vanished, or a NAT dropped its mapping)
        var diagnostic = await DiagnosticAsync(DiagnosticKind.LcpEchoTimeout);
        Assert.Equal("frank", diagnostic.User);
        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.Equal(Protocol.Pptp.CallDisconnectResult.LostCarrier, disconnect.Notify?.ResultCode);
        Assert.Equal(1, node.Metrics.LcpEchoFailures.Value);
    }

    [Fact]
    public async Task A_client_that_stops_answering_pptp_echo_loses_its_control_connection()
    {
        var node = new InMemoryConcentrator(Sys, s => s with
        {
            Control = s.Control with { EchoIdle = TimeSpan.FromMilliseconds(500), EchoTimeout = TimeSpan.FromMilliseconds(500) },
        });
        node.Users.Add("gina", "pw");
        var client = node.NewClient("gina", "pw", o => o with { HangUpTimeout = TimeSpan.FromSeconds(1) });
        await using var call = await client.ConnectAsync();
        Assert.True(call.Result.IsConnected);
        node.LinkOf(await SourceAsync(node, call)).Muted = true;
        var diagnostic = await DiagnosticAsync(DiagnosticKind.ControlEchoTimeout);
        Assert.Contains("Echo-Request", diagnostic.Message, StringComparison.Ordinal);
        var disconnect = await call.Disconnected.WaitAsync(Wait);
        Assert.NotEqual(DisconnectReason.HangUp, disconnect.Reason);
        await AwaitAssertAsync(() => Assert.Equal(0, node.Pool.Leased), Wait);
    }

    [Fact]
    public async Task No_gre_from_the_client_is_reported_as_blocked_gre()
    {
        var node = new InMemoryConcentrator(Sys, s => s with { Policy = s.Policy with { NoGreTimeout = TimeSpan.FromMilliseconds(300) } });
        node.Users.Add("hank", "pw");
        var connecting = node.NewClient("hank", "pw", o => o with
        {
            OutgoingGreFilter = _ => Client.Transport.GreFault.Drop,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            HangUpTimeout = TimeSpan.FromSeconds(1),
        }).ConnectAsync();
        var diagnostic = await DiagnosticAsync(DiagnosticKind.NoGre);
        Assert.Contains("GRE (IP protocol 47) is blocked", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Contains("619", diagnostic.Hint, StringComparison.Ordinal);
        Assert.Equal(1, node.Metrics.CallsWithoutGre.Value);
        await using var call = await connecting;
        Assert.False(call.Result.IsConnected);
    }

    /// <summary>The source address the harness gave a client: the session's peer as the directory knows it.</summary>
    private static async Task<System.Net.IPAddress> SourceAsync(InMemoryConcentrator node, PptpCall call)
    {
        var sessions = await node.Layer.Directory.Ask<Routing.SessionList>(Routing.ListSessions.Instance, TimeSpan.FromSeconds(5));
        return System.Net.IPAddress.Parse(sessions.Sessions.Single(s => s.Address == call.Result.Address!.ToString()).Peer);
    }
}
