using System.Net;
using Concentrator.Client;
using Concentrator.Client.Ppp;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ppp;
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stateful_mppe_resynchronises_with_a_reset_request_after_a_lost_packet(bool upstream)
    {
        var node = new InMemoryConcentrator(Sys, s => s with { Ccp = new CcpSettings { AllowStateless = false, AllowStateful = true } });
        node.Users.Add("wes", "pw");
        var sink = new PacketQueue(capacity: 4096);
        // The sender loses its 10th data packet; the receiver (the other side) must ask for a flush with CCP Reset-Request (RFC 3078 §8.2).
        var sent = 0;
        var armed = false;
        var resetRequests = 0;
        GreFault Sender(ReadOnlySpan<byte> gre) =>
            Volatile.Read(ref armed) && GreHeader.TryDecode(gre, out var p, out _) && p.PayloadLength > 0 && Interlocked.Increment(ref sent) == 10
                ? GreFault.Drop
                : GreFault.Send;
        GreFault Receiver(ReadOnlySpan<byte> gre)
        {
            if (GreHeader.TryDecode(gre, out var p, out _) && PppFrame.TryDecode(p.Payload, out var protocol, out var info, out _)
                && protocol == PppProtocol.Ccp && info.Length > 0 && info[0] == (byte)ControlCode.ResetRequest)
                Interlocked.Increment(ref resetRequests);
            return GreFault.Send;
        }
        node.ServerGreFilter = gre => upstream ? Receiver(gre.Span) : Sender(gre.Span);
        await using var call = await node.NewClient("wes", "pw", o => o with
        {
            MppeOffer = MppeBits.Key128,
            PacketSink = sink,
            OutgoingGreFilter = gre => upstream ? Sender(gre) : Receiver(gre),
        }).ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());
        Assert.False(call.Result.Encryption!.Value.Stateless);
        await AwaitAssertAsync(() => Assert.Equal(1, node.Layer.Routes.Count), Wait);
        Volatile.Write(ref armed, true);

        var i = 0;
        byte[] Next() => upstream
            ? IpPackets.Udp(call.Result.Address!, LanHost, 100 + i, (byte)i++)
            : IpPackets.Udp(LanHost, call.Result.Address!, 100 + i, (byte)i++);
        void Send(byte[] packet)
        {
            if (upstream) Assert.Equal(SendResult.Sent, call.SendIpPacket(packet));
            else Assert.True(node.Tun.Inject(packet));
        }
        async Task<byte[]?> ReceiveAsync(TimeSpan timeout)
        {
            if (upstream) return await node.Tun.ReadAsync(timeout);
            try
            {
                return (await sink.ReadAsync(timeout)).Packet;
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        for (var n = 0; n < 20; n++) Send(Next()); // the 10th is lost
        while (await ReceiveAsync(TimeSpan.FromMilliseconds(500)) is not null) { }
        await AwaitAssertAsync(() => Assert.True(Volatile.Read(ref resetRequests) > 0), Wait);

        // Once the flushed packet has come through (bounded probes), everything decrypts again, in order.
        var resumed = false;
        for (var probe = 0; probe < 50 && !resumed; probe++)
        {
            Send(Next());
            resumed = await ReceiveAsync(TimeSpan.FromMilliseconds(200)) is not null;
        }
        Assert.True(resumed, "nothing decrypted after the Reset-Request");
        for (var n = 0; n < 50; n++)
        {
            var packet = Next();
            Send(packet);
            Assert.Equal(packet, await ReceiveAsync(Wait));
        }
    }
}
