using System.Buffers.Binary;
using System.Net;
using Concentrator.Client;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>
/// What the packet path does with a bad network and bad bytes: GRE loss, duplication and reordering
/// within the window (stateless MPPE decrypts every packet that arrives), and malformed PPP frames
/// (dropped and counted, the call goes on).
/// </summary>
public sealed class DataPathFaultTests : EndToEndTest
{
    private static readonly IPAddress LanHost = IPAddress.Parse("192.168.50.10");

    [Fact]
    public async Task Upstream_loss_duplication_and_reordering_still_decrypt_every_packet_that_arrives()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("nina", "pw");
        var sent = 0;
        var dropped = 0;
        var connected = false;
        await using var call = await node.NewClient("nina", "pw", o => o with
        {
            OutgoingGreFilter = gre =>
            {
                if (!Volatile.Read(ref connected)) return GreFault.Send;
                var n = Interlocked.Increment(ref sent);
                var fault = n % 11 == 0 ? GreFault.Drop : n % 7 == 0 ? GreFault.Duplicate : n % 5 == 0 ? GreFault.Delay : GreFault.Send;
                if (fault == GreFault.Drop && GreHeader.TryDecode(gre, out var p, out _) && p.PayloadLength > 0) Interlocked.Increment(ref dropped);
                return fault;
            },
        }).ConnectAsync();
        Assert.True(call.Result.IsConnected);
        Volatile.Write(ref connected, true);

        var packets = Enumerable.Range(0, 300).Select(i => IpPackets.Udp(call.Result.Address!, LanHost, 200 + i, (byte)i)).ToList();
        foreach (var p in packets)
        {
            // The client keeps to our receive window (RFC 2637 §4.2); it opens as our acks come back.
            var result = call.SendIpPacket(p);
            for (var tries = 0; result == SendResult.WindowFull && tries < 1000; tries++)
            {
                await Task.Delay(2);
                result = call.SendIpPacket(p);
            }
            Assert.Equal(SendResult.Sent, result);
        }

        var received = new List<byte[]>();
        while (await node.Tun.ReadAsync(TimeSpan.FromSeconds(1)) is { } packet) received.Add(packet);
        var expected = packets.Select(Convert.ToHexString).ToHashSet();
        Assert.All(received, r => Assert.Contains(Convert.ToHexString(r), expected)); // every one decrypted intact
        Assert.Equal(received.Count, received.Select(Convert.ToHexString).Distinct().Count()); // no duplicate delivered
        // What did not arrive was dropped on the way, came too late for the reorder window, or is the
        // one packet the fault filter may still hold back.
        var late = (int)node.Metrics.GreDrop(Telemetry.GreDropReason.OutOfWindow).Value;
        Assert.InRange(received.Count, 300 - dropped - late - 1, 300 - dropped);
        Assert.True(node.Metrics.GreDrop(Telemetry.GreDropReason.Duplicate).Value > 0);
    }

    [Fact]
    public async Task Downstream_loss_duplication_and_reordering_still_decrypt_at_the_client()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("omar", "pw");
        var sink = new PacketQueue(capacity: 4096);
        await using var call = await node.NewClient("omar", "pw", o => o with { PacketSink = sink }).ConnectAsync();
        Assert.True(call.Result.IsConnected);
        await AwaitAssertAsync(() => Assert.Equal(1, node.Layer.Routes.Count), Wait);
        var n = 0;
        node.ServerGreFilter = _ =>
        {
            var i = Interlocked.Increment(ref n);
            return i % 13 == 0 ? GreFault.Drop : i % 6 == 0 ? GreFault.Duplicate : i % 4 == 0 ? GreFault.Delay : GreFault.Send;
        };
        var packets = Enumerable.Range(0, 300).Select(i => IpPackets.Udp(LanHost, call.Result.Address!, 100 + i, (byte)i)).ToList();
        foreach (var p in packets) Assert.True(node.Tun.Inject(p));

        var received = new List<byte[]>();
        while (true)
        {
            try
            {
                received.Add((await sink.ReadAsync(TimeSpan.FromSeconds(1))).Packet);
            }
            catch (TimeoutException)
            {
                break;
            }
        }
        var expected = packets.Select(Convert.ToHexString).ToHashSet();
        Assert.All(received, r => Assert.Contains(Convert.ToHexString(r), expected));
        Assert.Equal(received.Count, received.Select(Convert.ToHexString).Distinct().Count());
        Assert.InRange(received.Count, 300 - 300 / 13 - 4, 300);
    }

    [Fact]
    public async Task Malformed_ppp_frames_are_dropped_and_counted_and_the_call_goes_on()
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("pia", "pw");
        await using var call = await node.NewClient("pia", "pw").ConnectAsync();
        Assert.True(call.Result.IsConnected);

        var corrupt = 0;
        node.ClientGreMutator = gre =>
        {
            // Keep the GRE header (and its sequence number); replace the PPP frame with address and control but no protocol.
            if (!GreHeader.TryDecode(gre, out var packet, out _) || !packet.HasSequence || packet.PayloadLength == 0) return gre;
            if (Interlocked.Increment(ref corrupt) > 3) return gre;
            var header = packet.HeaderLength;
            var broken = gre.AsSpan(0, header + 2).ToArray();
            broken[header] = 0xFF;
            broken[header + 1] = 0x03;
            BinaryPrimitives.WriteUInt16BigEndian(broken.AsSpan(4), 2);
            return broken;
        };
        for (var i = 0; i < 3; i++) call.SendIpPacket(IpPackets.Udp(call.Result.Address!, LanHost, 50, 1));
        await AwaitAssertAsync(() => Assert.Equal(3, node.Metrics.PppMalformed.Value), Wait);

        var good = IpPackets.Udp(call.Result.Address!, LanHost, 60, 2);
        Assert.Equal(SendResult.Sent, call.SendIpPacket(good));
        Assert.Equal(good, await node.Tun.ReadAsync(Wait));
        Assert.False(call.Disconnected.IsCompleted);
    }
}
