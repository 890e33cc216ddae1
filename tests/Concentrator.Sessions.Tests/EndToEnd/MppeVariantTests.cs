using System.Net;
using Concentrator.Client;
using Concentrator.Client.Ppp;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>
/// The MPPE variants other than the default 128-bit stateless, when the configuration allows them
/// (RFC 3078): 40- and 56-bit keys, and stateful mode, whose key changes every 256 packets (§7.3),
/// so each direction carries more than 256 packets.
/// </summary>
public sealed class MppeVariantTests : EndToEndTest
{
    private const int Packets = 300;
    private static readonly IPAddress LanHost = IPAddress.Parse("192.168.50.10");

    [Theory]
    [InlineData(MppeBits.Key40, true, MppeKeyLength.Bits40)]
    [InlineData(MppeBits.Key56, true, MppeKeyLength.Bits56)]
    [InlineData(MppeBits.Key128, false, MppeKeyLength.Bits128)]
    [InlineData(MppeBits.Key40, false, MppeKeyLength.Bits40)]
    public async Task An_allowed_variant_is_negotiated_and_carries_ip_both_ways(MppeBits keyLength, bool stateless, MppeKeyLength expected)
    {
        var node = new InMemoryConcentrator(Sys, s => s with
        {
            Ccp = new CcpSettings { AllowedKeyLengths = keyLength, AllowStateless = stateless, AllowStateful = !stateless },
        });
        node.Users.Add("vera", "pw");
        var sink = new PacketQueue(capacity: 4096);
        var offer = keyLength | (stateless ? MppeBits.Stateless : MppeBits.None);
        await using var call = await node.NewClient("vera", "pw", o => o with { MppeOffer = offer, PacketSink = sink }).ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());
        Assert.Equal(new MppeMode(expected, stateless), call.Result.Encryption);

        // Up: client → TUN, in order, every one decrypted.
        for (var i = 0; i < Packets; i++)
        {
            var up = IpPackets.Udp(call.Result.Address!, LanHost, 100 + i, (byte)i);
            Assert.Equal(SendResult.Sent, call.SendIpPacket(up)); // one at a time: the window never fills
            Assert.Equal(up, await node.Tun.ReadAsync(Wait));
        }

        // Down: TUN → client.
        await AwaitAssertAsync(() => Assert.Equal(1, node.Layer.Routes.Count), Wait);
        for (var i = 0; i < Packets; i++)
        {
            var down = IpPackets.Udp(LanHost, call.Result.Address!, 100 + i, (byte)i);
            Assert.True(node.Tun.Inject(down));
            Assert.Equal(down, (await sink.ReadAsync(Wait)).Packet);
        }
        Assert.All(Enum.GetValues<MppeError>().Where(e => e != MppeError.None), e => Assert.Equal(0, node.Metrics.MppeError(e).Value));
    }
}
