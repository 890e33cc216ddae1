using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Load;

/// <summary>
/// The host on the LAN behind the node: a UDP sink on <see cref="UpPort"/> that counts what clients send
/// through their tunnels (<see cref="Up"/>), and a UDP source that sends to the clients' tunnel addresses
/// (port <see cref="LoadSink.DownPort"/>). Both sockets are made in the LAN's network namespace; the
/// threads that use them run here (a socket stays in the namespace it was made in).
/// </summary>
public sealed class LanTraffic : IDisposable
{
    /// <summary>The UDP port of the sink on the LAN host.</summary>
    public const ushort UpPort = 5001;

    /// <summary>The UDP port the source sends from.</summary>
    public const ushort SourcePort = 5002;

    private const int SocketBuffer = 16 << 20;
    private const int SoRcvBufForce = 33, SoSndBufForce = 32;

    private readonly Socket _sink;
    private readonly Socket _source;
    private readonly Thread _receiver;
    private volatile bool _stopping;

    private LanTraffic(Socket sink, Socket source)
    {
        _sink = sink;
        _source = source;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "lan-sink" };
        _receiver.Start();
    }

    /// <summary>Client → LAN traffic.</summary>
    public TrafficMeter Up { get; } = new();

    /// <summary>Opens the sink and the source on <paramref name="lanHost"/> in <paramref name="netns"/> (null: this namespace).</summary>
    public static LanTraffic Open(string? netns, IPAddress lanHost)
    {
        Socket Make(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(lanHost, port));
                // Beyond rmem_max/wmem_max (we are root): bursts must not be lost in our own sockets.
                socket.SetRawSocketOption(1, SoRcvBufForce, BitConverter.GetBytes(SocketBuffer));
                socket.SetRawSocketOption(1, SoSndBufForce, BitConverter.GetBytes(SocketBuffer));
                socket.ReceiveTimeout = 200;
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var (sink, source) = netns is null
            ? (Make(UpPort), Make(SourcePort))
            : NetworkNamespace.Run(netns, () => (Make(UpPort), Make(SourcePort)));
        return new LanTraffic(sink, source);
    }

    /// <summary>
    /// Sends stamped UDP packets of <paramref name="ipLength"/> bytes (IPv4 header included) to the
    /// sessions round-robin at <paramref name="pps"/> (0: flat out) until <paramref name="until"/> (Stopwatch) or
    /// <paramref name="stop"/>, counting in <paramref name="meter"/> what went out.
    /// </summary>
    public void SendLoop(IReadOnlyList<LoadSession> sessions, int ipLength, int pps, long until, TrafficMeter meter, CancellationToken stop)
    {
        if (sessions.Count == 0) return;
        var payload = new byte[ipLength - LoadPackets.Ipv4HeaderLength - LoadPackets.UdpHeaderLength];
        var targets = sessions.Select(s => new IPEndPoint(new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(s.Address)), LoadSink.DownPort).Serialize()).ToArray();
        var pacer = new Pacer(pps, Stopwatch.GetTimestamp());
        var next = 0;
        long sent = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= until) break;
            var due = pacer.Due(now);
            if (due == 0)
            {
                // Not spinning: the node shares our cores. A 1 ms nap costs at most a burst of rate/1000 packets.
                Thread.Sleep(1);
                continue;
            }
            for (var i = 0; i < due; i++)
            {
                var index = next;
                next = next + 1 == targets.Length ? 0 : next + 1;
                LoadPackets.Stamp(payload, Stopwatch.GetTimestamp(), sessions[index].Index);
                try
                {
                    _source.SendTo(payload, SocketFlags.None, targets[index]);
                    sent++;
                }
                catch (SocketException)
                {
                    failed++;
                }
            }
            pacer.Done(due);
            if (sent + failed >= 4096) Flush(meter, ref sent, ref failed);
        }
        Flush(meter, ref sent, ref failed);
    }

    public void Dispose()
    {
        _stopping = true;
        _sink.Dispose();
        _source.Dispose();
        _receiver.Join(TimeSpan.FromSeconds(2));
    }

    private static void Flush(TrafficMeter meter, ref long sent, ref long failed)
    {
        meter.CountSent(sent);
        meter.CountSendFailures(failed);
        sent = failed = 0;
    }

    private void ReceiveLoop()
    {
        // The socket's payload; the IP packet the client sent was this plus 28 bytes of IPv4 and UDP headers.
        var buffer = new byte[65536];
        while (!_stopping)
        {
            int received;
            try
            {
                received = _sink.Receive(buffer, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            Up.Record(buffer.AsSpan(0, received), received + LoadPackets.Ipv4HeaderLength + LoadPackets.UdpHeaderLength);
        }
    }
}
