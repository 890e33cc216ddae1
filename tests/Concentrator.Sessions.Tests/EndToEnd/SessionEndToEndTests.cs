using System.Net;
using Concentrator.Client;
using Concentrator.Protocol.Mppe;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>
/// Our client library against the real session actors, over in-memory TCP and GRE: whole calls from
/// Start-Control-Connection-Request to IPCP Opened with encrypted IP both ways, and what an operator
/// sees when they fail.
/// </summary>
public sealed class SessionEndToEndTests : EndToEndTest
{
    [Fact]
    public async Task A_call_comes_up_with_mppe_128_stateless_and_carries_ip_both_ways()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("alice", "Correct-Horse-7");
        var sink = new PacketQueue();
        await using var call = await node.NewClient("alice", "Correct-Horse-7", o => o with { PacketSink = sink }).ConnectAsync();

        Assert.True(call.Result.IsConnected, call.Result.ToString());
        Assert.Equal(IPAddress.Parse("10.66.0.10"), call.Result.Address);
        Assert.Equal(IPAddress.Parse("10.66.0.53"), call.Result.Network!.PrimaryDns);
        Assert.Equal(MppeKeyLength.Bits128, call.Result.Encryption!.Value.KeyLength);
        Assert.True(call.Result.Encryption.Value.Stateless);

        // client → LAN: decrypted by the session, written to the TUN
        var lanHost = IPAddress.Parse("192.168.50.10");
        var up = IpPackets.Udp(call.Result.Address!, lanHost, 1000, 0xA5);
        Assert.Equal(SendResult.Sent, call.SendIpPacket(up));
        Assert.Equal(up, await node.Tun.ReadAsync(Wait));

        // LAN → client: routed by address, encrypted by the session
        await AwaitAssertAsync(() => Assert.True(node.Layer.Routes.Count == 1), Wait);
        var down = IpPackets.Udp(lanHost, call.Result.Address!, 1300, 0x5A);
        Assert.True(node.Tun.Inject(down));
        Assert.Equal(down, (await sink.ReadAsync(Wait)).Packet);

        await call.HangUpAsync();
        // The lease goes back when the call finishes, the route when its actor has stopped a moment later.
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(0, node.Pool.Leased);
            Assert.Equal(0, node.Layer.Routes.Count);
        }, Wait);
    }
}
