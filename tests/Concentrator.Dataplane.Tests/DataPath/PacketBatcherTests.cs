using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.DataPath;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Sessions.DataPath;

namespace Concentrator.Dataplane.Tests.DataPath;

public sealed class PacketBatcherTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    [Fact]
    public void Packets_are_grouped_per_actor_in_order_and_full_batches_go_at_once()
    {
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        var batcher = new PacketBatcher(PacketBatchKind.IpToPeer, maxActors: 4, maxQueued: 64);
        var toA = Enumerable.Range(0, 33).Select(i => Packets.Payload(20 + i, seed: i)).ToList();
        for (var i = 0; i < toA.Count; i++)
        {
            Assert.True(batcher.Add(a.Ref, toA[i]));
            if (i == 5)
            {
                Assert.True(batcher.Add(b.Ref, [9, 9]));
            }
        }

        // The first 32 for A went when the batch filled; the rest waits for the end of the burst.
        var full = a.ExpectMsg<PacketBatch>(Patience);
        Assert.Equal(PacketBatch.Capacity, full.Count);
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        batcher.FlushAll();
        var rest = a.ExpectMsg<PacketBatch>(Patience);
        var atB = b.ExpectMsg<PacketBatch>(Patience);
        Assert.Equal(toA, Enumerable.Range(0, full.Count).Select(i => full.Packet(i).ToArray())
            .Concat(Enumerable.Range(0, rest.Count).Select(i => rest.Packet(i).ToArray())));
        Assert.Equal([9, 9], atB.Packet(0).ToArray());
        Assert.All([full, rest, atB], batch => Assert.Equal(PacketBatchKind.IpToPeer, batch.Kind));
        Assert.Equal(3, batcher.Messages);
        PacketBatchPool.Return(full);
        PacketBatchPool.Return(rest);
        PacketBatchPool.Return(atB);

        batcher.FlushAll();
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void More_actors_than_room_flushes_early_and_oversized_packets_are_refused()
    {
        var probes = Enumerable.Range(0, 3).Select(_ => CreateTestProbe()).ToList();
        var batcher = new PacketBatcher(PacketBatchKind.GreFromPeer, maxActors: 2, maxQueued: 64);
        probes.ForEach(p => batcher.Add(p.Ref, [1]));
        Assert.False(batcher.Add(probes[0].Ref, new byte[PacketBatch.MaxPacket + 1]));
        batcher.FlushAll();

        Assert.All(probes, p => PacketBatchPool.Return(p.ExpectMsg<PacketBatch>(Patience)));
        Assert.Equal(3, batcher.Messages);
    }

    [Fact]
    public void Batches_for_an_actor_with_a_full_mailbox_are_dropped_and_counted()
    {
        var busy = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var counted = new long[1];
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(busy, gate, counted)));
        actor.Tell("block");
        Assert.True(busy.Wait(Patience));

        var batcher = new PacketBatcher(PacketBatchKind.IpToPeer, maxActors: 1, maxQueued: 3);
        for (var i = 0; i < 5; i++)
        {
            batcher.Add(actor, [(byte)i, 0]);
            batcher.Add(actor, [(byte)i, 1]);
            batcher.FlushAll();
        }
        Assert.Equal(3, batcher.Messages);
        Assert.Equal(4, batcher.Overloaded);

        gate.Set();
        Lab.Eventually(() => Interlocked.Read(ref counted[0]) == 6, Patience, "the three batches being handled");
    }

    /// <summary>Blocks its thread on "block" until the gate opens, so that later messages wait in its mailbox.</summary>
    private sealed class GatedActor : ReceiveActor
    {
        public GatedActor(ManualResetEventSlim busy, ManualResetEventSlim gate, long[] counted)
        {
            Receive<string>(_ =>
            {
                busy.Set();
                gate.Wait();
            });
            Receive<PacketBatch>(batch =>
            {
                Interlocked.Add(ref counted[0], batch.Count);
                PacketBatchPool.Return(batch);
            });
        }
    }
}
