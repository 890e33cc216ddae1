using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tests.Support;
using Concentrator.Dataplane.Tun;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;
using Prometheus;
using Xunit.Abstractions;

namespace Concentrator.Dataplane.Tests.Tun;

/// <summary>
/// UDP from a sender thread in the namespace into the TUN, through the pump into session actors that
/// count and return the batches: the pump thread allocates nothing per packet once warm; the rate is
/// printed. Runs alone.
/// </summary>
[Collection(nameof(GreThroughputTests))]
public sealed class TunPumpAllocationTests(ITestOutputHelper output) : TestKit(Support.Dispatchers.DedicatedThreads)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    [SkippableFact]
    public void The_pump_allocates_nothing_per_packet()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => TunSetup.Create(TunPumpTests.Settings(queues: 1)));
        var routes = new RouteTable();
        var delivered = new long[1];
        const int sessions = 8;
        var destinations = new List<IPEndPoint>();
        for (var i = 0; i < sessions; i++)
        {
            var address = IPAddress.Parse($"10.97.0.{10 + i}");
            var actor = Sys.ActorOf(CountingActor.Props(delivered));
            actor.Ask<ActorIdentity>(new Identify(i), TimeSpan.FromSeconds(5)).Wait();
            routes.Set(address, actor);
            destinations.Add(new IPEndPoint(address, 5000));
        }
        using var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var prewarm = Enumerable.Range(0, (sessions + 1) * 80).Select(_ => PacketBatchPool.Rent()).ToList();
        prewarm.ForEach(PacketBatchPool.Return);
        var metrics = new SessionMetrics(Metrics.NewCustomRegistry());
        using var pump = new TunPump(tun, 0, routes, metrics);
        pump.Start();

        var payload = Packets.Payload(100, seed: 3);
        var clock = Stopwatch.StartNew();
        long sent = 0, packetsAtWarm = 0, allocatedAtWarm = 0, messagesAtWarm = 0;
        var warm = false;
        while (clock.Elapsed < Warmup + Duration)
        {
            for (var i = 0; i < 64; i++)
            {
                socket.SendTo(payload, destinations[(int)(sent++ % sessions)]);
            }
            if (!warm && clock.Elapsed >= Warmup)
            {
                warm = true;
                (packetsAtWarm, allocatedAtWarm) = Snapshot(pump);
                messagesAtWarm = pump.Messages;
            }
        }
        var (packets, allocated) = Snapshot(pump);
        var seconds = (clock.Elapsed - Warmup).TotalSeconds;
        var read = packets - packetsAtWarm;
        var bytesPerPacket = (double)(allocated - allocatedAtWarm) / read;
        output.WriteLine(
            $"TUN pump, {sessions} sessions: sent {sent / clock.Elapsed.TotalSeconds:N0}/s, pump read {read / seconds:N0} packets/s " +
            $"in {(pump.Messages - messagesAtWarm) / seconds:N0} messages/s; pump thread allocated {allocated - allocatedAtWarm} B " +
            $"for {read:N0} packets ({bytesPerPacket:N4} B/packet); {metrics.TunDrop(TunDropReason.Overload).Value:N0} dropped as overload");

        Assert.True(read > 10_000, $"only {read} packets were read");
        Assert.True(bytesPerPacket < 0.5, $"the pump allocated {bytesPerPacket:N3} B per packet");
    }

    private static (long Packets, long Allocated) Snapshot(TunPump pump)
    {
        while (true)
        {
            var packets = pump.Packets;
            var allocated = pump.ThreadAllocatedBytes;
            if (packets == pump.Packets)
            {
                return (packets, allocated);
            }
        }
    }
}
