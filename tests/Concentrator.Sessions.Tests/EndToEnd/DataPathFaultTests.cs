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
    public async Task Upstream_packets_reordered_within_the_window_are_all_delivered_in_order_and_duplicates_dropped_and_counted()
    {
        // Only reordering here, no loss: nothing should ever wait for a gap long enough to time out.
        var node = new InMemoryConcentrator(Sys, s => s with { Gre = s.Gre with { ReorderTimeout = TimeSpan.FromSeconds(30) } });
        // The k-th data packet after setup: every 5th (3, 8, …) swaps places with the one after it, every 7th goes twice.
        static GreFault Fault(int k) => k % 5 == 3 ? GreFault.Delay : k % 7 == 0 ? GreFault.Duplicate : GreFault.Send;
        var call = await ConnectWithFaultsAsync(node, "nina", Fault);

        var packets = await SendUpstreamAsync(call, 300);

        Assert.Equal(packets.Select(Convert.ToHexString), (await DrainTunAsync(node)).Select(Convert.ToHexString));
        Assert.Equal(0, node.Metrics.GreDrop(Telemetry.GreDropReason.OutOfWindow).Value);
        Assert.Equal(Enumerable.Range(1, 300).Count(k => Fault(k) == GreFault.Duplicate), node.Metrics.GreDrop(Telemetry.GreDropReason.Duplicate).Value);
        await call.DisposeAsync();
    }

    [Fact]
    public async Task Upstream_loss_skips_only_the_lost_packets_and_duplicates_are_dropped_and_counted()
    {
        var node = new InMemoryConcentrator(Sys);
        static GreFault Fault(int k) => k % 11 == 0 ? GreFault.Drop : k % 7 == 0 ? GreFault.Duplicate : GreFault.Send;
        var call = await ConnectWithFaultsAsync(node, "nils", Fault);

        var packets = await SendUpstreamAsync(call, 300);

        // The gap a lost packet leaves is given up on after the reorder timeout; everything after it comes through, in order.
        var expected = packets.Where((_, i) => Fault(i + 1) != GreFault.Drop);
        Assert.Equal(expected.Select(Convert.ToHexString), (await DrainTunAsync(node)).Select(Convert.ToHexString));
        Assert.Equal(0, node.Metrics.GreDrop(Telemetry.GreDropReason.OutOfWindow).Value);
        Assert.Equal(Enumerable.Range(1, 300).Count(k => Fault(k) == GreFault.Duplicate), node.Metrics.GreDrop(Telemetry.GreDropReason.Duplicate).Value);
        await call.DisposeAsync();
    }

    /// <summary>A connected call (stateless MPPE-128) whose k-th GRE data packet after setup meets <paramref name="fault"/>(k); lone acks go untouched.</summary>
    private static async Task<PptpCall> ConnectWithFaultsAsync(InMemoryConcentrator node, string user, Func<int, GreFault> fault)
    {
        node.Users.Add(user, "pw");
        var data = 0;
        var connected = false;
        var call = await node.NewClient(user, "pw", o => o with
        {
            OutgoingGreFilter = gre => Volatile.Read(ref connected) && GreHeader.TryDecode(gre, out var p, out _) && p.PayloadLength > 0
                ? fault(Interlocked.Increment(ref data))
                : GreFault.Send,
        }).ConnectAsync();
        Assert.True(call.Result.IsConnected, call.Result.ToString());
        Assert.True(call.Result.Encryption!.Value.Stateless);
        Volatile.Write(ref connected, true);
        return call;
    }

    /// <summary>Sends <paramref name="count"/> distinct UDP packets to the LAN, keeping to the server's receive window (RFC 2637 §4.2).</summary>
    private static async Task<List<byte[]>> SendUpstreamAsync(PptpCall call, int count)
    {
        var packets = Enumerable.Range(0, count).Select(i => IpPackets.Udp(call.Result.Address!, LanHost, 200 + i, (byte)i)).ToList();
        foreach (var p in packets)
        {
            // The window opens as the server's acks come back.
            var result = call.SendIpPacket(p);
            for (var tries = 0; result == SendResult.WindowFull && tries < 1000; tries++)
            {
                await Task.Delay(2);
                result = call.SendIpPacket(p);
            }
            Assert.Equal(SendResult.Sent, result);
        }
        return packets;
    }

    /// <summary>What the sessions wrote to the TUN, in order, until it has been quiet for a second.</summary>
    private static async Task<List<byte[]>> DrainTunAsync(InMemoryConcentrator node)
    {
        var received = new List<byte[]>();
        while (await node.Tun.ReadAsync(TimeSpan.FromSeconds(1)) is { } packet) received.Add(packet);
        return received;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Downstream_reordering_duplication_and_loss_are_handled_exactly_at_the_client(bool lossy)
    {
        var node = new InMemoryConcentrator(Sys);
        node.Users.Add("omar", "pw");
        var sink = new PacketQueue(capacity: 4096);
        // Without loss nothing should wait for a gap long enough to time out; with loss the gaps are given up on after 30 ms.
        var reorderTimeout = lossy ? TimeSpan.FromMilliseconds(30) : TimeSpan.FromSeconds(30);
        await using var call = await node.NewClient("omar", "pw", o => o with { PacketSink = sink, Gre = o.Gre with { ReorderTimeout = reorderTimeout } }).ConnectAsync();
        Assert.True(call.Result.IsConnected);
        await AwaitAssertAsync(() => Assert.Equal(1, node.Layer.Routes.Count), Wait);
        // The k-th data packet the server sends: lost (every 13th, when lossy), or swapped with the next (4k+1), or sent twice (every 6th).
        GreFault Fault(int k) => lossy && k % 13 == 0 ? GreFault.Drop : !lossy && k % 4 == 1 ? GreFault.Delay : k % 6 == 0 ? GreFault.Duplicate : GreFault.Send;
        var data = 0;
        node.ServerGreFilter = gre => GreHeader.TryDecode(gre.Span, out var p, out _) && p.PayloadLength > 0
            ? Fault(Interlocked.Increment(ref data))
            : GreFault.Send;
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
        var expected = packets.Where((_, i) => Fault(i + 1) != GreFault.Drop);
        Assert.Equal(expected.Select(Convert.ToHexString), received.Select(Convert.ToHexString));
        var statistics = call.Statistics;
        Assert.Equal(0, statistics.MppeErrors);
        Assert.Equal(0, statistics.Gre.Stale);
        Assert.Equal(Enumerable.Range(1, 300).LongCount(k => Fault(k) == GreFault.Duplicate), statistics.Gre.Duplicates);
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
