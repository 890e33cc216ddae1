using Concentrator.Dataplane.DataPath;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;

namespace Concentrator.Dataplane.Tun;

/// <summary>
/// The downstream path of one TUN queue: a dedicated thread reads the IP packets the kernel routes
/// into the TUN device (to client addresses), finds the session by IPv4 destination in the
/// <see cref="RouteTable"/> and hands each session its packets in a <see cref="PacketBatch"/>
/// (<see cref="PacketBatchKind.IpToPeer"/>). After a blocking read it keeps reading without waiting
/// while packets are ready, up to <see cref="PacketBatch.Capacity"/>, so a burst costs one actor
/// message per session. Non-IPv4 packets, destinations without a session and packets for a session
/// too far behind (overload, as in <see cref="Gre.GreReceiver"/>) are dropped and counted in
/// concentrator_tun_drops_total. No allocation per packet.
/// </summary>
public sealed class TunPump : IDisposable
{
    private readonly TunDevice _device;
    private readonly TunQueue _queue;
    private readonly RouteTable _routes;
    private readonly SessionMetrics _metrics;
    private readonly TimeSpan _pollInterval;
    private readonly int _maxQueuedBatches;
    private readonly PacketThread _thread;
    private long _messages;
    private long _dropped;

    /// <param name="device">The TUN device.</param>
    /// <param name="queueIndex">Which of its queues this pump reads.</param>
    /// <param name="routes">Tunnel address → session.</param>
    /// <param name="metrics">Where drops are counted.</param>
    /// <param name="pollInterval">How often an idle pump looks up to see whether it should stop (200 ms).</param>
    /// <param name="maxQueuedBatches">Messages a session actor may have waiting before packets for it are dropped (overload).</param>
    public TunPump(TunDevice device, int queueIndex, RouteTable routes, SessionMetrics metrics, TimeSpan? pollInterval = null, int maxQueuedBatches = 64)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfNegative(queueIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(queueIndex, device.Queues.Count);
        _device = device;
        _queue = device.Queues[queueIndex];
        _routes = routes;
        _metrics = metrics;
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(200);
        ArgumentOutOfRangeException.ThrowIfLessThan(_pollInterval, TimeSpan.FromMilliseconds(1), nameof(pollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedBatches, 1);
        _maxQueuedBatches = maxQueuedBatches;
        _thread = new PacketThread($"tun-pump {device.Name}/{queueIndex}", Run);
    }

    /// <summary>Packets read from the queue (delivered or dropped).</summary>
    public long Packets => _thread.Packets;

    /// <summary>Messages (batches) sent to session actors.</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Packets dropped (not IPv4, malformed, no route, too big, overload).</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>The last read error, or null; the pump goes on after an error.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Raised on the pump thread when a read fails (at most once per poll interval).</summary>
    public event Action<Exception>? Error;

    /// <summary>Bytes the pump thread has allocated in its life; for the allocation tests.</summary>
    internal long ThreadAllocatedBytes => _thread.AllocatedBytes;

    public void Start() => _thread.Start();

    /// <summary>Stops the thread; false when it did not end within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout) => _thread.Stop(timeout);

    /// <summary>Stops the thread (waiting at most 5 s); the device stays open (it belongs to the caller).</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    private void Run()
    {
        var buffer = new byte[PacketBatch.MaxPacket];
        var batcher = new PacketBatcher(PacketBatchKind.IpToPeer, PacketBatch.Capacity, _maxQueuedBatches);
        var notIpv4 = _metrics.TunDrop(TunDropReason.NotIpv4);
        var malformed = _metrics.TunDrop(TunDropReason.Malformed);
        var noRoute = _metrics.TunDrop(TunDropReason.NoRoute);
        var tooBig = _metrics.TunDrop(TunDropReason.TooBig);
        var overload = _metrics.TunDrop(TunDropReason.Overload);
        var overloaded = 0L;
        while (!_thread.Stopping)
        {
            int length;
            try
            {
                length = _queue.Read(buffer, _pollInterval);
            }
            catch (LinuxIoException e)
            {
                LastError = e;
                Error?.Invoke(e);
                Thread.Sleep(_pollInterval);
                continue;
            }
            if (length == 0)
            {
                if (_device.IsDisposed)
                {
                    return;
                }
                continue;
            }
            int packets = 0, notV4 = 0, bad = 0, unrouted = 0, big = 0;
            do
            {
                packets++;
                var packet = buffer.AsSpan(0, length);
                if (!Ipv4Header.TryDecode(packet, out var ip, out var error))
                {
                    if (error == Ipv4Error.BadVersion)
                    {
                        notV4++;
                    }
                    else
                    {
                        bad++;
                    }
                }
                else if (!_routes.TryGet(ip.Destination, out var session))
                {
                    unrouted++;
                }
                else if (!batcher.Add(session, packet))
                {
                    big++;
                }
            }
            while (packets < PacketBatch.Capacity && (length = ReadReady(buffer)) > 0);
            batcher.FlushAll();
            Count(notIpv4, notV4);
            Count(malformed, bad);
            Count(noRoute, unrouted);
            Count(tooBig, big);
            Count(overload, (int)(batcher.Overloaded - overloaded));
            overloaded = batcher.Overloaded;
            Volatile.Write(ref _messages, batcher.Messages);
            _thread.Completed(packets);
        }
    }

    /// <summary>The next packet if one is ready, else 0 (also on an error: the blocking read reports it).</summary>
    private int ReadReady(byte[] buffer)
    {
        try
        {
            return _queue.Read(buffer, TimeSpan.Zero);
        }
        catch (LinuxIoException)
        {
            return 0;
        }
    }

    private void Count(Prometheus.Counter.Child counter, int dropped)
    {
        if (dropped > 0)
        {
            counter.Inc(dropped);
            Volatile.Write(ref _dropped, _dropped + dropped);
        }
    }
}
