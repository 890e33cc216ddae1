using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Concentrator.Client;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;
using Concentrator.Sessions.Users;
using Prometheus;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>
/// A whole node's session layer with in-memory transports: our client library talks to the real
/// actors over an in-memory TCP stream and in-memory GRE, and the "TUN" records and injects packets.
/// Each client gets its own source address, as separate machines would.
/// </summary>
public sealed class InMemoryConcentrator
{
    public static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress LocalAddress = IPAddress.Parse("10.66.0.1");

    private readonly ConcurrentDictionary<IPAddress, InMemoryGreTransport> _clients = new();
    private readonly ConcurrentDictionary<IPAddress, StreamControlLink> _links = new();
    private int _nextClient = 10;

    public InMemoryConcentrator(ActorSystem system, Func<SessionSettings, SessionSettings>? configure = null)
    {
        var settings = new SessionSettings(new IpcpSettings(LocalAddress) { PrimaryDns = IPAddress.Parse("10.66.0.53") });
        Settings = configure?.Invoke(settings) ?? settings;
        Bans = new BruteForceGuard(new BruteForceSettings(), Clock);
        Metrics = new SessionMetrics(Registry);
        var sender = new ServerGre(this);
        Layer = new SessionLayer(system, new SessionLayerOptions(Settings, new DirectoryCredentialVerifier(Users), Pool, Bans, sender,
            new TunProxy(this), Metrics, "mem1", "pptp0", () => PptpEnabled));
        Tun = new RecordingTun(Layer.Routes);
    }

    public SessionSettings Settings { get; }
    public TestUsers Users { get; } = new();
    public TestAddressPool Pool { get; } = new();
    public ManualClock Clock { get; } = new();
    public BruteForceGuard Bans { get; }
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();
    public SessionMetrics Metrics { get; }
    public SessionLayer Layer { get; }
    public RecordingTun Tun { get; }
    public volatile bool PptpEnabled = true;

    /// <summary>Rewrites GRE packets from clients on their way in (malformed-input tests); null leaves them alone.</summary>
    public Func<byte[], byte[]>? ClientGreMutator { get; set; }

    /// <summary>Decides the fate of each GRE packet the server sends (loss, duplication, reordering tests).</summary>
    public Func<ReadOnlyMemory<byte>, GreFault>? ServerGreFilter { get; set; }

    /// <summary>The control link of the client at <paramref name="address"/>.</summary>
    public StreamControlLink LinkOf(IPAddress address) => _links[address];

    /// <summary>A client on a new source address.</summary>
    public PptpClient NewClient(string user, string password, Func<PptpClientOptions, PptpClientOptions>? configure = null, IPAddress? source = null)
    {
        var address = source ?? IPAddress.Parse($"203.0.113.{Interlocked.Increment(ref _nextClient)}");
        var gre = _clients.GetOrAdd(address, a => new InMemoryGreTransport { Outbound = (_, packet) => ToServer(a, packet) });
        var options = new PptpClientOptions
        {
            Server = ServerAddress,
            UserName = user,
            Password = password,
            PacketSink = new PacketQueue(),
            ConnectTimeout = TimeSpan.FromSeconds(20),
        };
        options = configure?.Invoke(options) ?? options;
        return new PptpClient(options, cancellation => Accept(address), gre);
    }

    /// <summary>A bare control connection from a new source, for writing bytes by hand.</summary>
    public async Task<Stream> ConnectRawAsync() =>
        await Accept(IPAddress.Parse($"203.0.113.{Interlocked.Increment(ref _nextClient)}"));

    /// <summary>What the TCP listener does for a new connection: refuse a banned source, else hand it to the session layer.</summary>
    private async ValueTask<Stream> Accept(IPAddress client)
    {
        var (clientEnd, serverEnd) = InMemoryDuplexStream.CreatePair();
        if (Bans.IsBanned(client))
        {
            serverEnd.CompleteWrites();
            return clientEnd;
        }
        var link = new StreamControlLink(serverEnd, new IPEndPoint(client, 40000), new IPEndPoint(ServerAddress, 1723));
        _links[client] = link;
        var actor = await Layer.AcceptAsync(link);
        _ = link.PumpAsync(actor);
        return clientEnd;
    }

    /// <summary>A GRE packet from a client, as the GRE receive loop hands it on.</summary>
    private void ToServer(IPAddress client, ReadOnlySpan<byte> gre)
    {
        if (gre.Length < 8) return;
        var callId = BinaryPrimitives.ReadUInt16BigEndian(gre[6..]);
        if (!Layer.Demux.TryGet(Ipv4.ToUInt32(client), callId, out var actor)) return;
        var batch = PacketBatchPool.Rent();
        batch.Kind = PacketBatchKind.GreFromPeer;
        batch.TryAppend(ClientGreMutator is { } mutate ? mutate(gre.ToArray()) : gre);
        actor.Tell(batch);
    }

    /// <summary>Injects a raw GRE packet as if a client had sent it (malformed-input tests).</summary>
    public void InjectGre(IPAddress client, ReadOnlySpan<byte> gre) => ToServer(client, gre);

    private sealed class ServerGre(InMemoryConcentrator owner) : IGreSender
    {
        [ThreadStatic] private static byte[]? t_buffer;

        private readonly ConcurrentQueue<(IPAddress, byte[])> _delayed = new();

        public void Send(IPAddress peer, ReadOnlySpan<byte> grePacket)
        {
            if (!owner._clients.TryGetValue(peer, out var client)) return;
            if (owner.ServerGreFilter is null)
            {
                // The client decrypts in place: hand it a copy, in a buffer of this thread's (no allocation per packet).
                var buffer = t_buffer ??= new byte[4096];
                grePacket.CopyTo(buffer);
                client.Deliver(ServerAddress, buffer.AsSpan(0, grePacket.Length));
                return;
            }
            var copy = grePacket.ToArray();
            switch (owner.ServerGreFilter?.Invoke(copy) ?? GreFault.Send)
            {
                case GreFault.Drop:
                    return;
                case GreFault.Duplicate:
                    client.Deliver(ServerAddress, copy.ToArray());
                    break;
                case GreFault.Delay:
                    _delayed.Enqueue((peer, copy));
                    return;
            }
            client.Deliver(ServerAddress, copy);
            while (_delayed.TryDequeue(out var late))
                if (owner._clients.TryGetValue(late.Item1, out var c)) c.Deliver(ServerAddress, late.Item2);
        }
    }

    private sealed class TunProxy(InMemoryConcentrator owner) : IPacketSink
    {
        public void Write(ReadOnlySpan<byte> ipPacket) => owner.Tun.Write(ipPacket);
    }
}
