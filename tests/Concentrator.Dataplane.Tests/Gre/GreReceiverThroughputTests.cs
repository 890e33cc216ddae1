using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Gre;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tests.Support;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Telemetry;
using Prometheus;
using Xunit.Abstractions;

namespace Concentrator.Dataplane.Tests.Gre;

/// <summary>
/// GRE from one sender thread (sendmmsg) through the receiver into call actors that count and return
/// the batches, as call actors do: prints packets per second (not asserted) and asserts that the
/// receive loop allocates nothing per packet once warm. Runs alone.
/// </summary>
[Collection(nameof(GreThroughputTests))]
public sealed class GreReceiverThroughputTests(ITestOutputHelper output) : TestKit(Support.Dispatchers.DedicatedThreads)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(16)]
    public void Packets_per_second_into_call_actors_and_no_allocation_per_packet(int calls)
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var sender = lab.Own(lab.A.Run(RawGreSocket.Open));
        var socket = lab.Own(lab.B.Run(RawGreSocket.Open));
        socket.ReceiveBufferSize = 16 << 20;
        sender.SendBufferSize = 4 << 20;
        var demux = new GreDemux();
        var delivered = new long[1];
        for (var call = 0; call < calls; call++)
        {
            var actor = Sys.ActorOf(CountingActor.Props(delivered));
            actor.Ask<ActorIdentity>(new Identify(call), TimeSpan.FromSeconds(5)).Wait();
            demux.Register(TwoNamespaces.AddressA, (ushort)(0x4000 + call), actor);
        }
        // Calls interleaved packet by packet, the worst case for batching.
        var outgoing = new MessageBatch(64);
        for (var i = 0; i < outgoing.Capacity; i++)
        {
            outgoing.TryAdd(Packets.Gre((ushort)(0x4000 + i % calls), (uint)i, Packets.Payload(100, i)), TwoNamespaces.B32);
        }
        // The batches in flight (up to 64 queued per call) come from the pool: fill it beforehand, so
        // that what the receive thread allocates is its own doing.
        var prewarm = Enumerable.Range(0, (calls + 1) * 80).Select(_ => PacketBatchPool.Rent()).ToList();
        prewarm.ForEach(PacketBatchPool.Return);
        var metrics = new SessionMetrics(Metrics.NewCustomRegistry());
        using var receiver = new GreReceiver(socket, demux, metrics);
        receiver.Start();

        var clock = Stopwatch.StartNew();
        long sent = 0, packetsAtWarm = 0, allocatedAtWarm = 0, deliveredAtWarm = 0, messagesAtWarm = 0;
        var warm = false;
        while (clock.Elapsed < Warmup + Duration)
        {
            sent += sender.SendBatch(outgoing).Sent;
            if (!warm && clock.Elapsed >= Warmup)
            {
                warm = true;
                (packetsAtWarm, allocatedAtWarm) = Snapshot(receiver);
                deliveredAtWarm = Interlocked.Read(ref delivered[0]);
                messagesAtWarm = receiver.Messages;
            }
        }
        var (packets, allocated) = Snapshot(receiver);
        var seconds = (clock.Elapsed - Warmup).TotalSeconds;
        var deliveredNow = Interlocked.Read(ref delivered[0]) - deliveredAtWarm;
        var received = packets - packetsAtWarm;
        var bytesPerPacket = (double)(allocated - allocatedAtWarm) / received;
        output.WriteLine(
            $"{calls} call(s): sent {sent / clock.Elapsed.TotalSeconds:N0}/s; receiver took {received / seconds:N0} packets/s, " +
            $"call actors got {deliveredNow / seconds:N0} packets/s in {(receiver.Messages - messagesAtWarm) / seconds:N0} batches/s " +
            $"({(double)received / Math.Max(1, receiver.Messages - messagesAtWarm):N1} packets per batch), {receiver.Overloaded:N0} dropped as overload in all; " +
            $"receive thread allocated {allocated - allocatedAtWarm} B for {received:N0} packets ({bytesPerPacket:N4} B/packet)");

        Assert.True(received > 10_000, $"only {received} packets were received");
        Assert.Equal(0, receiver.UnknownCall + receiver.Malformed);
        // An allocation per packet would be >= 24 B each. Mailbox queues grow in segments now and
        // then, and a method can be re-jitted (amortised over 100,000s of packets), so allow a trace
        // well below one byte per packet (measured: 0 B).
        Assert.True(bytesPerPacket < 0.5, $"the receive loop allocated {bytesPerPacket:N3} B per packet");
    }

    private static (long Packets, long Allocated) Snapshot(GreReceiver receiver)
    {
        // Both are written together at the end of each receive batch; read until stable.
        while (true)
        {
            var packets = receiver.Packets;
            var allocated = receiver.ThreadAllocatedBytes;
            if (packets == receiver.Packets)
            {
                return (packets, allocated);
            }
        }
    }
}
