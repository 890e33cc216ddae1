using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Control;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;
using Prometheus;

namespace Concentrator.Dataplane.Tests.Control;

/// <summary>
/// The listener and its links over real TCP on the loopback of a namespace the test creates; a test
/// probe stands in for the connection actor.
/// </summary>
public sealed class ControlListenerTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly SessionMetrics _metrics = new(Metrics.NewCustomRegistry());
    private readonly ConcurrentQueue<TcpControlLink> _accepted = new();
    private readonly TestProbe _connection;

    public ControlListenerTests() => _connection = CreateTestProbe();

    [SkippableFact]
    public async Task A_banned_source_is_reset_before_a_byte_is_read_and_reported_once()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var guard = new BruteForceGuard(new BruteForceSettings(), TimeProvider.System);
        var until = DateTimeOffset.UtcNow.AddMinutes(45);
        guard.Add(new Ban(IPAddress.Parse("127.0.0.2"), until, "6 failed logins in 15 min, the last as 'bob'"));
        var diagnostics = CreateTestProbe();
        Sys.EventStream.Subscribe(diagnostics.Ref, typeof(SessionDiagnostic));
        await using var listener = Listen(ns, new ListenerSettings(), guard);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var banned = Connect(ns, "127.0.0.2", listener.LocalEndPoint);
            TrySend(banned, "\0\x009c\0\x0001"u8);
            AssertClosedByServer(banned);
        }

        var diagnostic = diagnostics.ExpectMsg<SessionDiagnostic>(Patience);
        Assert.Equal(DiagnosticKind.BannedSource, diagnostic.Kind);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), diagnostic.Peer);
        Assert.StartsWith($"connection from 127.0.0.2 refused: banned by the brute-force guard until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", diagnostic.Message);
        Assert.Contains("'bob'", diagnostic.Message);
        Assert.Contains("lift", diagnostic.Hint);
        diagnostics.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(3, _metrics.ControlRefusedFor(ControlRefusal.Banned).Value);
        Assert.Empty(_accepted);
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Another source gets through.
        using var allowed = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the connection from 127.0.0.1 being accepted");
    }

    [SkippableFact]
    public async Task The_per_source_cap_refuses_the_17th_connection_until_one_closes()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        await using var listener = Listen(ns, new ListenerSettings());
        var clients = Enumerable.Range(0, 16).Select(_ => Connect(ns, "127.0.0.1", listener.LocalEndPoint)).ToList();
        try
        {
            Lab.Eventually(() => _accepted.Count == 16, Patience, "16 connections being accepted");

            using (var seventeenth = Connect(ns, "127.0.0.1", listener.LocalEndPoint))
            {
                AssertClosedByServer(seventeenth);
            }
            Assert.Equal(1, _metrics.ControlRefusedFor(ControlRefusal.PerSourceLimit).Value);
            Assert.Equal(16, _accepted.Count);
            Assert.Equal(16, listener.OpenConnections);

            // Another source is not affected.
            using var other = Connect(ns, "127.0.0.3", listener.LocalEndPoint);
            Lab.Eventually(() => _accepted.Count == 17, Patience, "the connection from 127.0.0.3 being accepted");

            // One of the 16 ends (the peer closes, the actor closes its link): the next one is admitted.
            var port = ((IPEndPoint)clients[0].LocalEndPoint!).Port;
            clients[0].Shutdown(SocketShutdown.Send);
            _connection.FishForMessage<ControlLinkClosed>(_ => true, Patience);
            _accepted.Single(l => l.Remote.Port == port).Close();
            AssertClosedByServer(clients[0]);
            Lab.Eventually(() => listener.OpenConnections == 16, Patience, "the closed connection being released");
            using var again = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
            Lab.Eventually(() => _accepted.Count == 18, Patience, "a new connection from 127.0.0.1 being accepted");
            Assert.Equal(1, _metrics.ControlRefusedFor(ControlRefusal.PerSourceLimit).Value);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [SkippableFact]
    public async Task Connections_beyond_the_setup_cap_are_refused()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        await using var listener = Listen(ns, new ListenerSettings { MaxConnectionsInSetup = 2 });
        using var first = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        using var second = Connect(ns, "127.0.0.2", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 2, Patience, "two connections being accepted");

        using var third = Connect(ns, "127.0.0.3", listener.LocalEndPoint);
        AssertClosedByServer(third);
        Assert.Equal(1, _metrics.ControlRefusedFor(ControlRefusal.SetupLimit).Value);
        Assert.Equal(2, _accepted.Count);
    }

    [SkippableFact]
    public async Task Bytes_flow_both_ways_and_the_end_of_the_stream_reaches_the_actor()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        await using var listener = Listen(ns, new ListenerSettings());
        using var client = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the connection being accepted");
        var link = _accepted.Single();
        Assert.Equal(client.LocalEndPoint, link.Remote);
        Assert.Equal(listener.LocalEndPoint, link.Local);

        var request = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        client.Send(request);
        var received = new List<byte>();
        while (received.Count < request.Length)
        {
            var bytes = _connection.ExpectMsg<ControlBytesReceived>(Patience);
            received.AddRange(bytes.Buffer.AsSpan(0, bytes.Count).ToArray());
        }
        Assert.Equal(request, received);

        var reply = Enumerable.Range(0, 156).Select(i => (byte)(255 - i)).ToArray();
        link.Send(reply);
        Assert.Equal(reply, ReceiveExactly(client, reply.Length));

        client.Shutdown(SocketShutdown.Send);
        Assert.Equal("the peer closed the connection", _connection.ExpectMsg<ControlLinkClosed>(Patience).Reason);
        link.Close();
        AssertClosedByServer(client);
        Assert.True(link.Completion.Wait(Patience));
        Lab.Eventually(() => listener.OpenConnections == 0, Patience, "the connection being released");
    }

    [SkippableFact]
    public async Task Close_sends_everything_queued_before_the_connection_ends()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        await using var listener = Listen(ns, new ListenerSettings());
        using var client = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the connection being accepted");
        var link = _accepted.Single();

        var expected = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            var message = Enumerable.Range(0, 200).Select(b => (byte)(b + i)).ToArray();
            expected.AddRange(message);
            link.Send(message);
        }
        link.Close();
        link.Send([1, 2, 3]);

        Assert.Equal(expected, ReceiveExactly(client, expected.Count));
        AssertClosedByServer(client);
        // The actor closed the link itself: it is not told again.
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.True(link.Completion.Wait(Patience));
    }

    [SkippableFact]
    public async Task Close_gives_up_on_a_peer_that_does_not_read()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        await using var listener = Listen(ns, new ListenerSettings { CloseTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the connection being accepted");
        var link = _accepted.Single();

        // More than the kernel buffers of both ends hold: the writer is stuck until the peer reads.
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < 200; i++)
        {
            link.Send(chunk);
        }
        link.Close();

        Assert.True(link.Completion.Wait(Patience), "the link waited for a peer that does not read");
        Lab.Eventually(() => listener.OpenConnections == 0, Patience, "the connection being released");
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [SkippableFact]
    public async Task A_peer_that_does_not_read_overflows_the_send_queue_and_is_closed()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        await using var listener = Listen(ns, new ListenerSettings { SendQueueLimit = 4 });
        using var client = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the connection being accepted");
        var link = _accepted.Single();

        var chunk = new byte[64 * 1024];
        for (var i = 0; i < 10_000 && !link.Completion.IsCompleted; i++)
        {
            link.Send(chunk);
        }

        var closed = _connection.ExpectMsg<ControlLinkClosed>(Patience);
        Assert.Contains("send queue overflowed (4 messages)", closed.Reason);
        Assert.Equal(1, _metrics.ControlSendOverflows.Value);
        Assert.True(link.Completion.Wait(Patience));
        AssertClosedByServer(client);
    }

    [SkippableFact]
    public async Task The_link_closes_when_its_actor_dies()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var actor = Sys.ActorOf(Props.Create(() => new IdleActor()));
        await using var listener = ns.Run(() => new ControlListener(Loopback(new ListenerSettings()), _metrics));
        listener.Start(Sys, new BruteForceGuard(new BruteForceSettings(), TimeProvider.System), link =>
        {
            _accepted.Enqueue((TcpControlLink)link);
            return Task.FromResult(actor);
        });
        using var client = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the connection being accepted");

        Sys.Stop(actor);
        AssertClosedByServer(client);
        Lab.Eventually(() => listener.OpenConnections == 0, Patience, "the connection being released");
    }

    [SkippableFact]
    public async Task A_failing_ban_list_costs_one_connection_not_the_listener()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var bans = new FlakyBanList();
        await using var listener = Listen(ns, new ListenerSettings(), bans);

        using (var first = Connect(ns, "127.0.0.1", listener.LocalEndPoint))
        {
            AssertClosedByServer(first);
        }
        bans.Fail = false;
        using var second = Connect(ns, "127.0.0.1", listener.LocalEndPoint);
        Lab.Eventually(() => _accepted.Count == 1, Patience, "the next connection being accepted");
    }

    [SkippableFact]
    public void A_port_in_use_gives_an_operator_readable_error()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var taken = ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen();
            return socket;
        });
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var error = Assert.Throws<DataplaneException>(() =>
            ns.Run(() => new ControlListener(new ListenerSettings { Address = IPAddress.Loopback, Port = port }, _metrics)));
        Assert.Contains($"cannot listen for PPTP control connections on 127.0.0.1:{port}: AddressAlreadyInUse", error.Message);
        Assert.Contains("another program listens on that port", error.Message);
    }

    private ControlListener Listen(NetworkNamespace ns, ListenerSettings settings, IBanList? bans = null)
    {
        var listener = ns.Run(() => new ControlListener(Loopback(settings), _metrics));
        listener.Start(Sys, bans ?? new BruteForceGuard(new BruteForceSettings(), TimeProvider.System), link =>
        {
            _accepted.Enqueue((TcpControlLink)link);
            return Task.FromResult(_connection.Ref);
        });
        return listener;
    }

    private static ListenerSettings Loopback(ListenerSettings settings) => settings with { Address = IPAddress.Loopback, Port = 0 };

    /// <summary>A TCP client in the namespace, from <paramref name="from"/> (any 127.x address works on lo).</summary>
    private static Socket Connect(NetworkNamespace ns, string from, IPEndPoint server) => ns.Run(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        socket.Connect(server);
        socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        return socket;
    });

    private static void TrySend(Socket socket, ReadOnlySpan<byte> bytes)
    {
        try
        {
            socket.Send(bytes);
        }
        catch (SocketException)
        {
            // Already reset by the server.
        }
    }

    /// <summary>Reads until the server's FIN or reset; fails on the receive timeout.</summary>
    private static void AssertClosedByServer(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.Receive(buffer) > 0)
            {
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Refused with a reset.
        }
    }

    private static byte[] ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            Assert.True(n > 0, $"the stream ended after {read} of {count} bytes");
            read += n;
        }
        return buffer;
    }

    private sealed class FlakyBanList : IBanList
    {
        public volatile bool Fail = true;

        public bool IsBanned(IPAddress source) => Fail ? throw new TimeoutException("the cluster did not answer") : false;

        public Ban? Find(IPAddress source) => null;

        public bool ReportFailure(IPAddress source, string userName) => false;
    }

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor() => ReceiveAny(_ => { });
    }
}
