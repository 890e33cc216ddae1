using Concentrator.Dataplane.DataPath;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Gre;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Telemetry;

namespace Concentrator.Dataplane.Gre;

/// <summary>
/// The GRE receive path: one dedicated thread takes up to <see cref="GreSettings.ReceiveBatch"/>
/// datagrams per recvmmsg(2) from the raw socket, decodes IPv4 + enhanced GRE (RFC 2637 §4.1),
/// finds the call by (source address, the call ID in the key) in the <see cref="GreDemux"/> and
/// hands each call its packets, GRE header and payload without the IPv4 header, in one
/// <see cref="PacketBatch"/> (<see cref="PacketBatchKind.GreFromPeer"/>) per recvmmsg batch, in
/// arrival order. Packets for no known call (unknown_call), malformed ones (malformed, too_big) and
/// those for a call too far behind (overload, see <see cref="GreSettings.MaxQueuedBatches"/>) are
/// dropped and counted in concentrator_gre_drops_total, once per batch. No allocation, lock or
/// log line per packet.
/// </summary>
public sealed class GreReceiver : IDisposable
{
    private readonly RawGreSocket _socket;
    private readonly GreDemux _demux;
    private readonly SessionMetrics _metrics;
    private readonly GreSettings _settings;
    private readonly PacketThread _thread;
    private long _unknownCall;
    private long _malformed;
    private long _messages;
    private long _overloaded;

    /// <summary>
    /// Prepares the receiver; <see cref="Start"/> starts its thread. The socket's receive timeout is
    /// set to <see cref="GreSettings.PollInterval"/> so that the loop notices <see cref="Stop"/>
    /// without the socket being closed.
    /// </summary>
    public GreReceiver(RawGreSocket socket, GreDemux demux, SessionMetrics metrics, GreSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(demux);
        ArgumentNullException.ThrowIfNull(metrics);
        _socket = socket;
        _demux = demux;
        _metrics = metrics;
        _settings = settings ?? new GreSettings();
        _settings.Validate();
        _thread = new PacketThread("gre-receive", Run);
    }

    /// <summary>Datagrams taken from the socket (delivered or dropped).</summary>
    public long Packets => _thread.Packets;

    /// <summary>Messages (batches) sent to call actors.</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Dropped: no call with that (peer, call ID).</summary>
    public long UnknownCall => Volatile.Read(ref _unknownCall);

    /// <summary>Dropped: not IPv4 + enhanced GRE, cut, or larger than a batch slot.</summary>
    public long Malformed => Volatile.Read(ref _malformed);

    /// <summary>Dropped: the call's mailbox already held <see cref="GreSettings.MaxQueuedBatches"/> messages.</summary>
    public long Overloaded => Volatile.Read(ref _overloaded);

    /// <summary>The last receive error, or null; the loop goes on after an error.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Raised on the receive thread when a receive fails (not per packet: at most once per back-off).</summary>
    public event Action<Exception>? Error;

    /// <summary>Bytes the receive thread has allocated in its life; for the allocation tests.</summary>
    internal long ThreadAllocatedBytes => _thread.AllocatedBytes;

    public void Start()
    {
        _socket.ReceiveTimeout = _settings.PollInterval;
        _thread.Start();
    }

    /// <summary>Stops the thread; false when it did not end within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout) => _thread.Stop(timeout);

    /// <summary>Stops the thread (waiting at most 5 s); the socket stays open (it belongs to the caller).</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    private void Run()
    {
        var batch = new MessageBatch(_settings.ReceiveBatch);
        var batcher = new PacketBatcher(PacketBatchKind.GreFromPeer, _settings.ReceiveBatch, _settings.MaxQueuedBatches);
        var unknownCall = _metrics.GreDrop(GreDropReason.UnknownCall);
        var malformed = _metrics.GreDrop(GreDropReason.Malformed);
        var tooBig = _metrics.GreDrop(GreDropReason.TooBig);
        var overload = _metrics.GreDrop(GreDropReason.Overload);
        var overloaded = 0L;
        while (!_thread.Stopping)
        {
            int count;
            try
            {
                count = _socket.ReceiveBatch(batch);
            }
            catch (LinuxIoException e)
            {
                // ENOMEM and the like: report, back off, go on; one bad moment must not stop the node's GRE.
                LastError = e;
                Error?.Invoke(e);
                Thread.Sleep(_settings.PollInterval);
                continue;
            }
            if (count == 0)
            {
                if (_socket.IsClosed)
                {
                    return;
                }
                continue;
            }
            int unknown = 0, bad = 0, big = 0;
            for (var i = 0; i < count; i++)
            {
                var datagram = batch.GetPacket(i);
                if (batch.IsTruncated(i) || !GreHeader.TryDecodeIpv4(datagram, out var ip, out var gre, out _))
                {
                    bad++;
                    continue;
                }
                if (!_demux.TryGet(ip.Source, gre.CallId, out var call))
                {
                    unknown++;
                    continue;
                }
                if (!batcher.Add(call, datagram.Slice(ip.HeaderLength, gre.HeaderLength + gre.PayloadLength)))
                {
                    big++;
                }
            }
            batcher.FlushAll();
            Count(unknownCall, ref _unknownCall, unknown);
            Count(malformed, ref _malformed, bad);
            Count(tooBig, ref _malformed, big);
            Count(overload, ref _overloaded, (int)(batcher.Overloaded - overloaded));
            overloaded = batcher.Overloaded;
            Volatile.Write(ref _messages, batcher.Messages);
            _thread.Completed(count);
        }
    }

    private static void Count(Prometheus.Counter.Child counter, ref long total, int dropped)
    {
        if (dropped > 0)
        {
            counter.Inc(dropped);
            Volatile.Write(ref total, total + dropped);
        }
    }
}
