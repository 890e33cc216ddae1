using System.Buffers.Binary;
using Concentrator.Dataplane.Linux;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Dataplane.Tun;

/// <summary>
/// The session layer's <see cref="IPacketSink"/>: writes the decrypted IP packets of clients into the
/// TUN device (the kernel then routes them to the LAN). The queue is chosen by the packet's IPv4
/// source, i.e. per session, not per writing thread: the kernel's TUN flow steering (tun.c
/// tun_flow_update) remembers which queue a flow was written on and puts the replies of that flow
/// on the same queue, so one session's downstream traffic is read by one <see cref="TunPump"/>
/// and the sessions spread over all pumps. Always writing queue 0 would pull every active flow's
/// replies onto queue 0 and leave the other pumps idle. A packet the kernel refuses is dropped and
/// counted (write_failed), never thrown into the call actor. Thread-safe; no allocation.
/// </summary>
public sealed class TunWriter : IPacketSink
{
    private readonly TunDevice _device;
    private readonly Prometheus.Counter.Child _failed;

    public TunWriter(TunDevice device, SessionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(metrics);
        _device = device;
        _failed = metrics.TunDrop(TunDropReason.WriteFailed);
    }

    public void Write(ReadOnlySpan<byte> ipPacket)
    {
        var queues = _device.Queues;
        try
        {
            if (queues[QueueFor(ipPacket, queues.Count)].TryWrite(ipPacket, out _))
            {
                return;
            }
        }
        catch (ObjectDisposedException)
        {
            // The device was closed at shutdown.
        }
        _failed.Inc();
    }

    /// <summary>The queue for a packet: a multiplicative hash of the IPv4 source address (queue 0 for anything else).</summary>
    internal static int QueueFor(ReadOnlySpan<byte> ipPacket, int queueCount)
    {
        if (queueCount == 1 || ipPacket.Length < 20 || ipPacket[0] >> 4 != 4)
        {
            return 0;
        }
        var hash = BinaryPrimitives.ReadUInt32BigEndian(ipPacket[12..]) * 2654435761u;
        return (int)((ulong)hash * (uint)queueCount >> 32);
    }
}
