using System.Threading.Channels;
using Akka.Actor;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>Stands in for the TUN device: records what the sessions write, and injects packets for clients as a TUN pump would.</summary>
public sealed class RecordingTun(RouteTable routes) : IPacketSink
{
    private readonly Channel<byte[]> _written = Channel.CreateUnbounded<byte[]>();

    public void Write(ReadOnlySpan<byte> ipPacket) => _written.Writer.TryWrite(ipPacket.ToArray());

    /// <summary>The next packet a session wrote, or null after the timeout.</summary>
    public async Task<byte[]?> ReadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _written.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Routes an IP packet by its destination to its session, as the TUN pump does; false when no session has that address.</summary>
    public bool Inject(ReadOnlySpan<byte> ipPacket)
    {
        var destination = (uint)(ipPacket[16] << 24 | ipPacket[17] << 16 | ipPacket[18] << 8 | ipPacket[19]);
        if (!routes.TryGet(destination, out IActorRef session)) return false;
        var batch = PacketBatchPool.Rent();
        batch.Kind = PacketBatchKind.IpToPeer;
        batch.TryAppend(ipPacket);
        session.Tell(batch);
        return true;
    }
}
