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
/// for the protocols inside PPP to recover and no reason to end the call. Thread-safe; no
/// allocation per packet.
/// </summary>
public sealed class GreSender : IGreSender
{
    private readonly RawGreSocket _socket;
    private readonly SessionMetrics _metrics;
    private readonly ConcurrentDictionary<Errno, Prometheus.Counter.Child> _failures = new();
    private long _failed;

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
        Interlocked.Increment(ref _failed);
        _failures.GetOrAdd(error, static (errno, metrics) => metrics.GreSendFailures.WithLabels(errno.ToString()), _metrics).Inc();
    }
}
