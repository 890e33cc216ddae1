using System.Net;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;

namespace Concentrator.Client.Transport;

/// <summary>
/// The client's GRE over the Linux raw socket (<see cref="RawGreSocket"/>): one receive thread for all
/// calls takes batches with recvmmsg, strips the IPv4 header the kernel leaves in front and hands each
/// packet to its call by the call ID in the key. Sends never throw on the data path: a packet the
/// kernel refuses is counted in <see cref="SendErrors"/> and dropped (GRE is unreliable anyway).
/// </summary>
public sealed class RawGreClientTransport : IClientGreTransport, IDisposable
{
    private readonly RawGreSocket _socket;
    private readonly ClientGreDemux _demux = new();
    private readonly MessageBatch _batch;
    private readonly Thread _receiver;
    private long _sendErrors;
    private long _notGre;

    /// <summary>
    /// Takes ownership of an open socket (open it in the network namespace you want with
    /// <see cref="RawGreSocket.Open"/>, bind it if needed) and starts the receive thread.
    /// </summary>
    /// <param name="batchSize">Datagrams taken per recvmmsg.</param>
    public RawGreClientTransport(RawGreSocket socket, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _batch = new MessageBatch(batchSize);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "pptp-client-gre" };
        _receiver.Start();
    }

    /// <summary>Opens a GRE raw socket in this thread's network namespace, optionally bound to <paramref name="localAddress"/>.</summary>
    public static RawGreClientTransport Open(IPAddress? localAddress = null)
    {
        var socket = RawGreSocket.Open();
        try
        {
            if (localAddress is not null) socket.Bind(localAddress);
            return new RawGreClientTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The call ID table, with its counters.</summary>
    public ClientGreDemux Demux => _demux;

    /// <summary>Packets the kernel refused to send (no route, full queue, too big).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Datagrams received that are not unfragmented IPv4 carrying enhanced GRE.</summary>
    public long NotGre => Interlocked.Read(ref _notGre);

    public void Send(IPAddress server, ReadOnlySpan<byte> grePacket)
    {
        if (!_socket.TrySend(Ipv4.ToUInt32(server), grePacket, out _)) Interlocked.Increment(ref _sendErrors);
    }

    public bool TryRegister(IClientGreReceiver receiver, out ushort callId) => _demux.TryRegister(receiver, out callId);

    public void Unregister(ushort callId, IClientGreReceiver receiver) => _demux.Unregister(callId, receiver);

    /// <summary>Closes the socket; the receive thread ends with it.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        _receiver.Join(TimeSpan.FromSeconds(5));
    }

    private void ReceiveLoop()
    {
        while (!_socket.IsClosed)
        {
            int count;
            try
            {
                count = _socket.ReceiveBatch(_batch);
            }
            catch (LinuxIoException)
            {
                // A receive error on a raw socket is transient (e.g. ENOMEM): pause, then go on.
                Thread.Sleep(10);
                continue;
            }
            for (var i = 0; i < count; i++)
            {
                var datagram = _batch.GetSlot(i)[.._batch.GetLength(i)];
                if (!GreHeader.TryDecodeIpv4(datagram, out var ip, out _, out _))
                {
                    Interlocked.Increment(ref _notGre);
                    continue;
                }
                _demux.Dispatch(ip.Source, datagram[ip.HeaderLength..]);
            }
        }
    }
}
