using System.Diagnostics;
using Concentrator.Dataplane.Linux;
using Xunit.Abstractions;

namespace Concentrator.Dataplane.Tests.Linux;

[CollectionDefinition(nameof(GreThroughputTests), DisableParallelization = true)]
public sealed class GreThroughputCollection;

/// <summary>
/// A smoke figure, not a requirement: one sender thread (sendmmsg, 64 per call) and one receiver
/// thread (recvmmsg, 64 per call) across the veth between two namespaces. Runs alone.
/// </summary>
[Collection(nameof(GreThroughputTests))]
public sealed class GreThroughputTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);

    [SkippableTheory]
    [InlineData(64)]
    [InlineData(1400)]
    public void Gre_packets_per_second_across_a_veth(int payloadBytes)
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var sender = lab.Own(lab.A.Run(RawGreSocket.Open));
        var receiver = lab.Own(lab.B.Run(RawGreSocket.Open));
        receiver.ReceiveBufferSize = 16 << 20;
        sender.SendBufferSize = 4 << 20;
        receiver.ReceiveTimeout = TimeSpan.FromMilliseconds(300);

        var outgoing = new MessageBatch(64);
        for (var i = 0; i < outgoing.Capacity; i++)
        {
            outgoing.TryAdd(Packets.Gre(0x4001, (uint)i, Packets.Payload(payloadBytes, i)), TwoNamespaces.B32);
        }
        long sent = 0, refused = 0, received = 0, receiverAllocated = 0;
        var sending = true;
        var receiving = Lab.Start("gre receiver", () =>
        {
            var incoming = new MessageBatch(64);
            var before = 0L;
            while (true)
            {
                var count = receiver.ReceiveBatch(incoming);
                if (received == 0)
                {
                    // Measure from the second call on: the first one pays for one-time stub setup.
                    before = GC.GetAllocatedBytesForCurrentThread();
                }
                if (count == 0 && !Volatile.Read(ref sending))
                {
                    receiverAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    return;
                }
                received += count;
            }
        });
        sent += sender.SendBatch(outgoing).Sent;
        var clock = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        while (clock.Elapsed < Duration)
        {
            var result = sender.SendBatch(outgoing);
            sent += result.Sent;
            refused += result.Failed;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref sending, false);
        Lab.Join(receiving, TimeSpan.FromSeconds(10));

        output.WriteLine(
            $"GRE payload {payloadBytes} B: sent {sent / seconds:N0} packets/s, received {received / seconds:N0} packets/s " +
            $"({received * (payloadBytes + 12 + 20) * 8 / seconds / 1e9:N2} Gbit/s of IPv4), refused {refused}, " +
            $"{sent - received} lost to a full receive buffer; allocated by the sender {allocated} B, by the receiver {receiverAllocated} B");
        Assert.True(received > 10_000, $"only {received} packets arrived");
        // No allocation per packet: one would cost >= 24 B x 10,000+ packets. A thread may show a
        // one-time 32 B when the runtime promotes a method to tier-1 code (0 B with tiering off).
        Assert.InRange(allocated, 0, 1024);
        Assert.InRange(receiverAllocated, 0, 1024);
    }
}
