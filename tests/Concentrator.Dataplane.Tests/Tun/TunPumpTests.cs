using System.Net;
using System.Net.Sockets;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tests.Support;
using Concentrator.Dataplane.Tun;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;
using Prometheus;

namespace Concentrator.Dataplane.Tests.Tun;

/// <summary>
/// A TUN device in a namespace the test creates: UDP sent from the namespace to tunnel addresses goes
/// into the TUN, and the pump hands it to the test probe the route table names for the destination.
/// </summary>
public sealed class TunPumpTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly IPAddress Local = IPAddress.Parse("10.97.0.1");
    private static readonly IPAddress ClientA = IPAddress.Parse("10.97.0.2");
    private static readonly IPAddress ClientB = IPAddress.Parse("10.97.0.3");
    private static readonly IPAddress Nobody = IPAddress.Parse("10.97.0.9");

    private readonly SessionMetrics _metrics = new(Metrics.NewCustomRegistry());

    [SkippableFact]
    public void Packets_reach_the_session_of_their_destination_one_batch_per_session_per_burst()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => TunSetup.Create(Settings(queues: 1)));
        var routes = new RouteTable();
        var sessionA = CreateTestProbe();
        var sessionB = CreateTestProbe();
        routes.Set(ClientA, sessionA.Ref);
        routes.Set(ClientB, sessionB.Ref);
        using var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        socket.Bind(new IPEndPoint(Local, 0));

        // Queued in the TUN before the pump runs, so that one wake-up finds them all (27 < 32).
        List<byte[]> toA = [], toB = [];
        for (var i = 0; i < 12; i++)
        {
            toA.Add(Packets.Payload(50 + i, seed: i));
            toB.Add(Packets.Payload(80 + i, seed: 100 + i));
            socket.SendTo(toA[i], new IPEndPoint(ClientA, 5000));
            socket.SendTo(toB[i], new IPEndPoint(ClientB, 5001));
            if (i % 4 == 0)
            {
                socket.SendTo(toA[i], new IPEndPoint(Nobody, 5002));
            }
        }
        using var pump = new TunPump(tun, 0, routes, _metrics);
        pump.Start();

        var (atA, batchesA) = BatchCollector.Collect(sessionA, 12, PacketBatchKind.IpToPeer, Patience);
        var (atB, batchesB) = BatchCollector.Collect(sessionB, 12, PacketBatchKind.IpToPeer, Patience);
        Assert.Equal(1, batchesA);
        Assert.Equal(1, batchesB);
        AssertUdp(atA, ClientA, 5000, toA);
        AssertUdp(atB, ClientB, 5001, toB);
        Lab.Eventually(() => _metrics.TunDrop(TunDropReason.NoRoute).Value == 3, Patience, "3 packets without a session being counted");
        sessionA.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // IPv6 into the TUN is not for a PPTP session: dropped and counted.
        IpCommand.Run(ns.Name, "-6", "addr", "add", "fd00:97::1/64", "dev", tun.Name, "nodad").EnsureSuccess();
        using var socket6 = ns.Run(() => new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp));
        socket6.SendTo(Packets.Payload(10, seed: 1), new IPEndPoint(IPAddress.Parse("fd00:97::2"), 5003));
        Lab.Eventually(() => _metrics.TunDrop(TunDropReason.NotIpv4).Value >= 1, Patience, "the IPv6 packet being counted");
        sessionA.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        sessionB.ExpectNoMsg(TimeSpan.FromMilliseconds(10));
        Assert.True(pump.Stop(TimeSpan.FromSeconds(2)), "the pump did not stop");
        Assert.Null(pump.LastError);
    }

    [SkippableFact]
    public void The_pump_ends_when_the_device_is_closed()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var tun = ns.Run(() => TunSetup.Create(Settings(queues: 2)));
        var pumps = Enumerable.Range(0, 2).Select(i => new TunPump(tun, i, new RouteTable(), _metrics, TimeSpan.FromMinutes(10))).ToList();
        pumps.ForEach(p => p.Start());
        Thread.Sleep(100);

        tun.Dispose();
        // The poll interval is far away: only the closed device can have ended the loops.
        Assert.All(pumps, p => Assert.True(p.Stop(TimeSpan.FromSeconds(2)), "a pump did not end when the device closed"));
    }

    [SkippableFact]
    public void The_writer_puts_each_session_on_one_queue_and_the_kernel_answers_on_that_queue()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => TunSetup.Create(Settings(queues: 2)));
        using var server = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        server.Bind(new IPEndPoint(Local, 0));
        server.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        var port = (ushort)((IPEndPoint)server.LocalEndPoint!).Port;
        var writer = new TunWriter(tun, _metrics);
        var clients = Enumerable.Range(10, 16).Select(i => IPAddress.Parse($"10.97.0.{i}")).ToList();
        var expectedQueue = clients.ToDictionary(c => Ipv4.ToUInt32(c), c => TunWriter.QueueFor(Packets.Udp(c, 7000, Local, port, [0]), 2));
        Assert.Contains(0, expectedQueue.Values);
        Assert.Contains(1, expectedQueue.Values);

        // Each client's packet goes in through its queue; the server answers each.
        foreach (var client in clients)
        {
            writer.Write(Packets.Udp(client, 7000, Local, port, Packets.Payload(20, seed: 1)));
            var buffer = new byte[100];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var length = server.ReceiveFrom(buffer, ref from);
            Assert.Equal(new IPEndPoint(client, 7000), from);
            server.SendTo(buffer.AsSpan(0, length), from);
        }

        // The kernel's flow steering puts each answer on the queue its flow came in on.
        var answered = 0;
        var packet = new byte[2048];
        var deadline = DateTime.UtcNow + Patience;
        while (answered < clients.Count && DateTime.UtcNow < deadline)
        {
            foreach (var queue in tun.Queues)
            {
                var length = queue.Read(packet, TimeSpan.FromMilliseconds(20));
                if (length == 0 || !Packets.IsIpv4(packet.AsSpan(0, length), 17))
                {
                    continue;
                }
                var client = Packets.Destination(packet);
                Assert.True(expectedQueue.ContainsKey(client));
                Assert.Equal(expectedQueue[client], queue.Index);
                answered++;
            }
        }
        Assert.Equal(clients.Count, answered);
        Assert.Equal(0, _metrics.TunDrop(TunDropReason.WriteFailed).Value);

        // What the kernel refuses (not an IP packet) is counted, not thrown at the call actor.
        writer.Write([0x00, 0x01, 0x02]);
        Assert.Equal(1, _metrics.TunDrop(TunDropReason.WriteFailed).Value);
    }

    internal static TunSettings Settings(int queues) =>
        new(Local) { Name = "cdttun0", PrefixLength = 24, Queues = queues };

    private static void AssertUdp(List<byte[]> packets, IPAddress destination, int port, List<byte[]> payloads)
    {
        Assert.Equal(payloads.Count, packets.Count);
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.True(Packets.IsIpv4(packets[i], 17));
            Assert.Equal(Ipv4.ToUInt32(destination), Packets.Destination(packets[i]));
            Assert.Equal(port, packets[i][22] << 8 | packets[i][23]);
            Assert.Equal(payloads[i], packets[i].AsSpan(28).ToArray());
        }
    }
}
