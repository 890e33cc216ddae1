using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Akka.TestKit.Xunit2;
using Concentrator.Dataplane.Control;
using Concentrator.Dataplane.Lan;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tun;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions;
using Concentrator.Sessions.Addressing;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Users;
using Prometheus;

namespace Concentrator.Dataplane.Tests;

/// <summary>
/// The whole data plane around a real session layer: the concentrator in namespace A (10.99.1.1),
/// a hand-driven PPTP client in namespace B (10.99.1.2) speaking TCP 1723 and raw GRE.
/// </summary>
public sealed class DataplaneHostTests : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly IPAddress TunnelAddress = IPAddress.Parse("10.93.0.1");

    [SkippableFact]
    public async Task A_call_set_up_over_tcp_gets_its_gre_through_the_receiver_and_answers_over_the_raw_socket()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var metrics = new SessionMetrics(Metrics.NewCustomRegistry());
        var settings = new DataplaneSettings(new TunSettings(TunnelAddress) { Name = "cdtpptp0", Queues = 2 })
        {
            Listener = new ListenerSettings { Address = TwoNamespaces.AddressA },
            Lan = new LanAccessSettings([Ipv4Prefix.Parse("10.93.0.0/24")]),
        };
        await using var host = lab.A.Run(() => DataplaneHost.Open(settings, metrics));
        var layer = new SessionLayer(Sys, new SessionLayerOptions(
            new SessionSettings(new IpcpSettings(TunnelAddress)), new RefusingVerifier(), new NoAddresses(),
            new BruteForceGuard(new BruteForceSettings(), TimeProvider.System), host.GreSender, host.Tun, metrics,
            "test-node", host.TunDevice.Name, () => true));
        host.Start(layer, Sys);

        Assert.Equal(new IPEndPoint(TwoNamespaces.AddressA, 1723), host.Listener.LocalEndPoint);
        Assert.Equal(2, host.Pumps.Count);
        Assert.Contains("10.93.0.0/24 dev cdtpptp0", IpCommand.Run(lab.A.Name, "-4", "route", "show").EnsureSuccess().StandardOutput);

        var gre = lab.Own(lab.B.Run(RawGreSocket.Open));
        gre.ReceiveTimeout = Patience;
        using var control = lab.B.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(new IPEndPoint(TwoNamespaces.AddressA, 1723));
            socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
            return socket;
        });

        // RFC 2637 §2.1-2.2, §2.7-2.8: control connection, then an outgoing call.
        Send(control, new StartControlConnectionRequest(0x0100, FramingCapabilities.Synchronous, BearerCapabilities.Analog, 0, 0x0600, "", "cdt"));
        Assert.Equal(StartControlConnectionResult.Successful, Receive<StartControlConnectionReply>(control).ResultCode);
        Send(control, new OutgoingCallRequest(0x1234, 1, 300, 100_000_000, BearerCapabilities.Analog | BearerCapabilities.Digital,
            FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous, 64, 0, 0, "", ""));
        var reply = Receive<OutgoingCallReply>(control);
        Assert.Equal(OutgoingCallResult.Connected, reply.ResultCode);
        Assert.Equal(0x1234, reply.PeerCallId);

        // The call's LCP speaks first: a Configure-Request in GRE keyed with our call ID (RFC 2637 §4.1).
        var request = ReceiveLcp(gre, code: 1);
        Assert.Equal(0x1234, request.CallId);

        // Our Configure-Request (MRU 1400), keyed with the concentrator's call ID, reaches the call
        // through the receive thread and the demultiplexer; the call acknowledges it.
        gre.Send(TwoNamespaces.AddressA, Packets.Gre(reply.CallId, 0, [0xFF, 0x03, 0xC0, 0x21, 0x01, 0x2A, 0x00, 0x08, 0x01, 0x04, 0x05, 0x78]));
        var ack = ReceiveLcp(gre, code: 2);
        Assert.Equal(0x2A, ack.Identifier);
        Assert.Equal(0x1234, ack.CallId);
        Assert.True(host.GreReceiver!.Packets >= 1);
        Assert.Equal(0, host.GreReceiver.UnknownCall + host.GreReceiver.Malformed);
        Assert.Equal(0, host.GreSender.Failed);
    }

    [SkippableFact]
    public void Without_cap_net_raw_open_says_what_is_missing()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var error = Assert.Throws<DataplaneException>(() => ns.Run(() =>
        {
            ThreadCapabilities.DropEffective(Privileges.CapNetRaw);
            return DataplaneHost.Open(new DataplaneSettings(new TunSettings(TunnelAddress) { Name = "cdtpptp0" }), new SessionMetrics(Metrics.NewCustomRegistry()));
        }));
        Assert.StartsWith("the data plane cannot start: missing CAP_NET_RAW (to open the GRE raw socket, IP protocol 47)", error.Message);
        Assert.False(IpCommand.LinkExists(ns.Name, "cdtpptp0"));
    }

    [SkippableFact]
    public void A_failure_half_way_closes_what_was_opened()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var taken = ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 1723));
            socket.Listen();
            return socket;
        });
        var settings = new DataplaneSettings(new TunSettings(TunnelAddress) { Name = "cdtpptp0" })
        {
            Listener = new ListenerSettings { Address = IPAddress.Loopback },
            Lan = new LanAccessSettings([Ipv4Prefix.Parse("10.93.0.0/24")]),
        };

        var error = Assert.Throws<DataplaneException>(() => ns.Run(() => DataplaneHost.Open(settings, new SessionMetrics(Metrics.NewCustomRegistry()))));
        Assert.StartsWith("cannot listen for PPTP control connections on 127.0.0.1:1723: AddressAlreadyInUse", error.Message);
        // The TUN device went with the failure (its removal can lag a concurrent fork, see TunDevice.Dispose).
        Lab.Eventually(() => !IpCommand.LinkExists(ns.Name, "cdtpptp0"), Patience, "the TUN device being removed");
    }

    private static void Send(Socket socket, PptpMessage message)
    {
        var bytes = new byte[message.Length];
        message.WriteTo(bytes);
        socket.Send(bytes);
    }

    private static T Receive<T>(Socket socket) where T : PptpMessage
    {
        var header = ReceiveExactly(socket, 2);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header);
        var message = header.Concat(ReceiveExactly(socket, length - 2)).ToArray();
        Assert.True(PptpCodec.TryDecode(message, out var decoded, out var error), error.ToString());
        return Assert.IsType<T>(decoded);
    }

    private static byte[] ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            Assert.True(n > 0, "the control connection was closed");
            read += n;
        }
        return buffer;
    }

    /// <summary>Receives GRE until an LCP packet (PPP FF 03 C0 21) with <paramref name="code"/> arrives; returns its key's call ID and identifier.</summary>
    private static (ushort CallId, byte Identifier) ReceiveLcp(RawGreSocket socket, byte code)
    {
        var buffer = new byte[2048];
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var length = socket.Receive(buffer, out var source);
            if (length == 0)
            {
                break;
            }
            Assert.Equal(TwoNamespaces.A32, source);
            var gre = buffer.AsSpan(Packets.IpHeaderLength, length - Packets.IpHeaderLength);
            Assert.Equal(0x880B, BinaryPrimitives.ReadUInt16BigEndian(gre[2..]));
            var headerLength = 8 + ((gre[0] & 0x10) != 0 ? 4 : 0) + ((gre[1] & 0x80) != 0 ? 4 : 0);
            var payload = gre.Slice(headerLength, BinaryPrimitives.ReadUInt16BigEndian(gre[4..]));
            if (payload.Length >= 6 && payload[..4].SequenceEqual(new byte[] { 0xFF, 0x03, 0xC0, 0x21 }) && payload[4] == code)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(gre[6..]), payload[5]);
            }
        }
        Assert.Fail($"no LCP packet with code {code} arrived over GRE");
        return default;
    }

    private sealed class RefusingVerifier : ICredentialVerifier
    {
        public Task<AuthResult> VerifyAsync(MsChapV2Attempt attempt, CancellationToken cancellationToken) =>
            Task.FromResult(new AuthResult(AuthOutcome.BadPassword));
    }

    private sealed class NoAddresses : IAddressAllocator
    {
        public Task<AllocationResult> AllocateAsync(string sessionId, string userName, IPAddress? staticAddress, CancellationToken cancellationToken) =>
            Task.FromResult(AllocationResult.Failed(AllocationFailure.PoolExhausted));

        public Task ReleaseAsync(AddressLease lease, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
