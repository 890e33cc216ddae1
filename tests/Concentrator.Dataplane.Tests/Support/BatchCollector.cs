using Akka.Actor;
using Akka.TestKit;
using Concentrator.Sessions.DataPath;

namespace Concentrator.Dataplane.Tests.Support;

/// <summary>Takes <see cref="PacketBatch"/>es from a probe: copies the packets out and returns each batch to the pool.</summary>
internal static class BatchCollector
{
    /// <summary>Receives batches until <paramref name="packets"/> packets arrived; returns them and the number of batches.</summary>
    public static (List<byte[]> Packets, int Batches) Collect(TestProbe probe, int packets, PacketBatchKind kind, TimeSpan timeout)
    {
        var received = new List<byte[]>();
        var batches = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (received.Count < packets)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"only {received.Count} of {packets} packets arrived within {timeout.TotalSeconds} s");
            var batch = probe.ExpectMsg<PacketBatch>(left);
            Assert.Equal(kind, batch.Kind);
            Assert.InRange(batch.Count, 1, PacketBatch.Capacity);
            for (var i = 0; i < batch.Count; i++)
            {
                received.Add(batch.Packet(i).ToArray());
            }
            PacketBatchPool.Return(batch);
            batches++;
        }
        return (received, batches);
    }
}

/// <summary>Counts the packets of every batch it gets and returns the batch to the pool, as a call actor would; for throughput runs.</summary>
internal sealed class CountingActor : UntypedActor
{
    private readonly long[] _counter;

    public CountingActor(long[] counter) => _counter = counter;

    public static Props Props(long[] counter) => Akka.Actor.Props.Create(() => new CountingActor(counter));

    protected override void OnReceive(object message)
    {
        if (message is PacketBatch batch)
        {
            Interlocked.Add(ref _counter[0], batch.Count);
            PacketBatchPool.Return(batch);
        }
    }
}
