using System.Collections.Concurrent;
using System.Net;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Dataplane.Gre;

/// <summary>
/// The session layer's <see cref="IGreSender"/> over the raw socket, for the data path: a packet the
/// kernel refuses (ENOBUFS when the interface queue is full, EHOSTUNREACH, EMSGSIZE, or a socket
/// already closed at shutdown) is dropped and counted in concentrator_gre_send_failures_total by
/// errno, never thrown into the call actor that sent it: GRE is a datagram link, a lost packet is
/// for the protocols inside PPP to recover and no reason to end the call. Packets queued by one
/// thread go out together with sendmmsg(2) at its <see cref="Flush"/> (one system call per burst
/// instead of one sendto per packet). Thread-safe; no allocation per packet.
/// </summary>
public sealed class GreSender : IGreSender, IDisposable
{
    private readonly RawGreSocket _socket;
    private readonly SessionMetrics _metrics;
    private readonly ConcurrentDictionary<Errno, Prometheus.Counter.Child> _failures = new();
    private readonly ThreadLocal<MessageBatch> _queued = new(() => new MessageBatch(BatchCapacity));
    private long _failed;

    /// <summary>Packets one thread queues before they go out without waiting for its flush.</summary>
    private const int BatchCapacity = 64;

    public GreSender(RawGreSocket socket, SessionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(metrics);
        _socket = socket;
        _metrics = metrics;
    }

    /// <summary>Packets the kernel refused.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void Send(IPAddress peer, ReadOnlySpan<byte> grePacket)
    {
        Errno error;
        try
        {
            if (_socket.TrySend(Ipv4.ToUInt32(peer), grePacket, out error))
            {
                return;
            }
        }
        catch (ObjectDisposedException)
        {
            error = Errno.EBADF;
        }
        CountFailure(error, 1);
    }

    public void Queue(IPAddress peer, ReadOnlySpan<byte> grePacket)
    {
        var batch = _queued.Value!;
        var destination = Ipv4.ToUInt32(peer);
        if (batch.TryAdd(grePacket, destination)) return;
        Flush();
        if (!batch.TryAdd(grePacket, destination)) Send(peer, grePacket); // larger than a slot: alone
    }

    public void Flush()
    {
        var batch = _queued.Value!;
        if (batch.Count == 0) return;
        try
        {
            var result = _socket.SendBatch(batch);
            if (result.Failed > 0) CountFailure(result.FirstError, result.Failed);
        }
        catch (ObjectDisposedException)
        {
            CountFailure(Errno.EBADF, batch.Count);
        }
        batch.Clear();
    }

    public void Dispose() => _queued.Dispose();

    private void CountFailure(Errno error, int packets)
    {
        Interlocked.Add(ref _failed, packets);
        _failures.GetOrAdd(error, static (errno, metrics) => metrics.GreSendFailures.WithLabels(errno.ToString()), _metrics).Inc(packets);
    }
}
