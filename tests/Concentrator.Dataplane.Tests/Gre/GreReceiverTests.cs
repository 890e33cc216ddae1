using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Gre;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tests.Support;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Telemetry;
using Prometheus;

namespace Concentrator.Dataplane.Tests.Gre;

/// <summary>GRE from namespace A to the receiver's raw socket in namespace B; test probes stand in for call actors.</summary>
public sealed class GreReceiverTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly SessionMetrics _metrics = new(Metrics.NewCustomRegistry());

    [SkippableFact]
    public void Each_call_gets_exactly_its_packets_in_one_batch_per_receive_and_the_rest_is_counted()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var sender = lab.Own(lab.A.Run(RawGreSocket.Open));
        var socket = lab.Own(lab.B.Run(RawGreSocket.Open));
        var demux = new GreDemux();
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        demux.Register(TwoNamespaces.AddressA, 0x4001, first.Ref);
        demux.Register(TwoNamespaces.AddressA, 0x4002, second.Ref);
        // The same call ID from another peer is another call.
        demux.Register(TwoNamespaces.AddressB, 0x7777, CreateTestProbe().Ref);

        // 64 datagrams interleaved: 32 for call 0x4001, 16 for 0x4002, 15 for an unknown call, 1 malformed.
        var outgoing = new MessageBatch(64);
        List<byte[]> toFirst = [], toSecond = [];
        for (var i = 0; i < 64; i++)
        {
            var payload = Packets.Payload(40 + i, seed: i);
            byte[] packet;
            switch (i % 4)
            {
                case 0 or 1:
                    packet = Packets.Gre(0x4001, (uint)toFirst.Count, payload);
                    toFirst.Add(packet);
                    break;
                case 2:
                    packet = Packets.Gre(0x4002, (uint)toSecond.Count, payload);
                    toSecond.Add(packet);
                    break;
                default:
                    packet = Packets.Gre(0x7777, (uint)i, payload);
                    if (i == 63)
                    {
                        packet[1] = 0x00; // GRE version 0: not PPTP's enhanced GRE
                    }
                    break;
            }
            Assert.True(outgoing.TryAdd(packet, TwoNamespaces.B32));
        }
        Assert.Equal(64, sender.SendBatch(outgoing).Sent);
        // Let them all queue up on the socket, so that one recvmmsg takes them together.
        Thread.Sleep(300);

        using var receiver = new GreReceiver(socket, demux, _metrics);
        receiver.Start();

        var (firstPackets, firstBatches) = BatchCollector.Collect(first, 32, PacketBatchKind.GreFromPeer, Patience);
        var (secondPackets, secondBatches) = BatchCollector.Collect(second, 16, PacketBatchKind.GreFromPeer, Patience);
        Assert.Equal(toFirst, firstPackets);
        Assert.Equal(toSecond, secondPackets);
        Assert.Equal(1, firstBatches);
        Assert.Equal(1, secondBatches);
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(10));
        Lab.Eventually(() => receiver.Packets == 64, Patience, "64 datagrams being taken");
        Assert.Equal(2, receiver.Messages);
        Assert.Equal(15, receiver.UnknownCall);
        Assert.Equal(1, receiver.Malformed);
        Assert.Equal(15, _metrics.GreDrop(GreDropReason.UnknownCall).Value);
        Assert.Equal(1, _metrics.GreDrop(GreDropReason.Malformed).Value);

        // Packets arriving one by one are delivered one by one, with nothing held back.
        var late = Packets.Gre(0x4001, 32, Packets.Payload(1400, seed: 99));
        sender.Send(TwoNamespaces.B32, late);
        Assert.Equal([late], BatchCollector.Collect(first, 1, PacketBatchKind.GreFromPeer, Patience).Packets);

        Assert.True(receiver.Stop(TimeSpan.FromSeconds(2)), "the receive thread did not stop");
        Assert.Null(receiver.LastError);
    }

    [SkippableFact]
    public void Disposing_the_socket_ends_the_receive_thread()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var socket = lab.B.Run(RawGreSocket.Open);
        var receiver = new GreReceiver(socket, new GreDemux(), _metrics, new GreSettings { PollInterval = TimeSpan.FromMinutes(10) });
        receiver.Start();
        Thread.Sleep(100);

        socket.Dispose();
        // The poll interval is far away: only the closed socket can have ended the loop.
        Assert.True(receiver.Stop(TimeSpan.FromSeconds(2)), "the receive thread did not end when its socket closed");
    }
}
