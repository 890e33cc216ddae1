using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>A multi-queue TUN device inside a namespace the test creates.</summary>
public sealed class TunDeviceTests
{
    private const string TunName = "tuntest0";
    private static readonly IPAddress Local = IPAddress.Parse("10.98.0.1");
    private static readonly IPAddress Remote = IPAddress.Parse("10.98.0.2");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public void Configured_two_queue_tun_carries_udp_out_to_a_queue_and_in_to_a_socket()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => CreateConfiguredTun(queues: 2));

        Assert.Equal(TunName, tun.Name);
        Assert.True(tun.IsMultiQueue);
        Assert.Equal(2, tun.Queues.Count);
        Assert.Equal(1400, tun.GetMtu());
        Assert.True(tun.GetFlags().HasFlag(InterfaceFlags.Up));
        Assert.True(tun.GetFlags().HasFlag(InterfaceFlags.PointToPoint));
        var details = IpCommand.Run(ns.Name, "-d", "link", "show", "dev", TunName).EnsureSuccess().StandardOutput;
        Assert.Contains("multi_queue", details, StringComparison.Ordinal);
        Assert.Contains("mtu 1400", details, StringComparison.Ordinal);
        using (var control = ns.Run(InterfaceControl.Open))
        {
            Assert.Equal(Local, control.GetAddress(TunName));
            Assert.Equal(IPAddress.Parse("255.255.255.0"), control.GetNetmask(TunName));
            Assert.Equal(tun.InterfaceIndex, control.GetIndex(TunName));
        }

        // Out: a datagram to 10.98.0.2 is routed into the TUN and read from one of its queues.
        using var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        socket.Bind(new IPEndPoint(Local, 0));
        socket.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        var payload = Packets.Payload(100, seed: 9);
        socket.SendTo(payload, new IPEndPoint(Remote, 9999));
        var (_, packet) = ReadUntil(tun, p => IsUdpTo(p, Remote, 9999));
        Assert.Equal(Ipv4.ToUInt32(Local), Packets.Source(packet));
        Assert.Equal(payload, packet.AsSpan(28).ToArray());

        // In: a UDP datagram written into queue 1 arrives at the socket (checksums must be right).
        var localPort = (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
        var reply = Packets.Payload(200, seed: 10);
        tun.Queues[1].Write(Packets.Udp(Remote, 7777, Local, localPort, reply));
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var received = socket.ReceiveFrom(buffer, ref from);
        Assert.Equal(reply, buffer.AsSpan(0, received).ToArray());
        Assert.Equal(new IPEndPoint(Remote, 7777), from);
    }

    [SkippableFact]
    public void Flows_are_spread_over_both_queues()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => CreateConfiguredTun(queues: 2));
        const int flows = 64;
        var sockets = ns.Run(() => Enumerable.Range(0, flows)
            .Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            .ToArray());
        try
        {
            foreach (var socket in sockets)
            {
                socket.SendTo(Packets.Payload(10, seed: 1), new IPEndPoint(Remote, 5000));
            }
            var perQueue = new int[2];
            var deadline = DateTime.UtcNow + Patience;
            var buffer = new byte[2048];
            while (perQueue.Sum() < flows && DateTime.UtcNow < deadline)
            {
                foreach (var queue in tun.Queues)
                {
                    var length = queue.Read(buffer, TimeSpan.FromMilliseconds(50));
                    if (length > 0 && IsUdpTo(buffer.AsSpan(0, length), Remote, 5000))
                    {
                        perQueue[queue.Index]++;
                    }
                }
            }
            Assert.Equal(flows, perQueue.Sum());
            Assert.True(perQueue[0] > 0 && perQueue[1] > 0, $"flows per queue: {perQueue[0]} and {perQueue[1]}");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [SkippableFact]
    public void Ping_gets_the_echo_reply_written_back_into_the_tun()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => CreateConfiguredTun(queues: 2));
        var ping = Task.Run(() => ns.Exec("ping", "-c", "1", "-W", "5", Remote.ToString()));

        var (queue, request) = ReadUntil(tun, p => Packets.IsIpv4(p, 1) && p[20] == 8 && Packets.Destination(p) == Ipv4.ToUInt32(Remote));
        tun.Queues[queue].Write(Packets.EchoReplyTo(request));

        Assert.True(ping.Wait(TimeSpan.FromSeconds(15)), "ping did not finish");
        var result = ping.Result;
        Assert.True(result.Succeeded, result.StandardOutput + result.StandardError);
        Assert.Contains("1 received", result.StandardOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Read_returns_zero_after_its_timeout()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => TunDevice.Create(TunName, 1));
        Assert.False(tun.IsMultiQueue);
        // Down and without an address, nothing is routed into it.
        Assert.Equal(0, tun.Queues[0].Read(new byte[1500], TimeSpan.FromMilliseconds(100)));
        Assert.Equal(0, tun.Queues[0].Read(new byte[1500], TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => tun.Queues[0].Read([], TimeSpan.Zero));
    }

    [SkippableFact]
    public void Dispose_wakes_blocked_readers_and_the_interface_disappears()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var tun = ns.Run(() => CreateConfiguredTun(queues: 2));
        var results = new[] { -1, -1 };
        using var entered = new CountdownEvent(2);
        var readers = tun.Queues.Select(queue => Lab.Start($"tun reader {queue.Index}", () =>
        {
            entered.Signal();
            results[queue.Index] = queue.Read(new byte[2048]);
        })).ToArray();
        Assert.True(entered.Wait(Patience));
        Thread.Sleep(200);
        Assert.All(readers, reader => Assert.True(reader.IsAlive));

        tun.Dispose();
        foreach (var reader in readers)
        {
            Lab.Join(reader, Patience);
        }
        Assert.Equal([0, 0], results);
        Assert.True(tun.IsDisposed);
        Assert.All(tun.Queues, queue => Assert.True(queue.Handle.IsClosed));
        Assert.Equal(0, tun.Queues[0].Read(new byte[64], TimeSpan.FromMilliseconds(10)));
        tun.Dispose();
        using var control = ns.Run(InterfaceControl.Open);
        // A child process forked by a parallel test holds copies of our descriptors until its exec.
        Lab.Eventually(() => !control.Exists(TunName), Patience, "removal of the interface");
        var error = Assert.Throws<LinuxIoException>(() => control.GetIndex(TunName));
        Assert.Equal(Errno.ENODEV, error.Errno);
        Assert.Contains("there is no interface \"tuntest0\" in this network namespace", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_persistent_tun_outlives_its_queues_until_made_non_persistent()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var control = ns.Run(InterfaceControl.Open);
        var tun = ns.Run(() => TunDevice.Create(TunName, 2));
        tun.SetPersistent(true);
        tun.Dispose();
        Assert.True(control.Exists(TunName));

        var again = ns.Run(() => TunDevice.Create(TunName, 2));
        Assert.Equal(TunName, again.Name);
        again.SetPersistent(false);
        again.Dispose();
        Lab.Eventually(() => !control.Exists(TunName), Patience, "removal of the interface");
    }

    [SkippableFact]
    public void Name_patterns_are_resolved_by_the_kernel()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var first = ns.Run(() => TunDevice.Create("pptp%d"));
        using var second = ns.Run(() => TunDevice.Create("pptp%d"));
        Assert.Equal("pptp0", first.Name);
        Assert.Equal("pptp1", second.Name);
        Assert.NotEqual(first.InterfaceIndex, second.InterfaceIndex);
    }

    [SkippableFact]
    public void Failures_say_what_is_wrong()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var busy = lab.Own(lab.A.Run(() => TunDevice.Create(TunName)));
        var taken = Assert.Throws<LinuxIoException>(() => lab.A.Run(() => TunDevice.Create(TunName)));
        Assert.Equal(Errno.EBUSY, taken.Errno);
        Assert.StartsWith("ioctl(TUNSETIFF, \"tuntest0\", queue 0) failed: EBUSY", taken.Message, StringComparison.Ordinal);

        var veth = Assert.Throws<LinuxIoException>(() => lab.A.Run(() => TunDevice.Create("cdtA")));
        Assert.Equal(Errno.EINVAL, veth.Errno);
        Assert.Contains("exists with other flags", veth.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => TunDevice.Create("a-name-that-is-too-long"));
        Assert.Throws<ArgumentException>(() => TunDevice.Create("bad/name"));
        Assert.Throws<ArgumentOutOfRangeException>(() => TunDevice.Create(TunName, 0));

        Assert.False(busy.Queues[0].TryWrite([0x00, 0x01, 0x02, 0x03], out var errno));
        Assert.Equal(Errno.EINVAL, errno);
        var write = Assert.Throws<LinuxIoException>(() => busy.Queues[0].Write([0x00, 0x01, 0x02, 0x03]));
        Assert.Contains("rejected the bytes as an IP packet", write.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Routes_added_over_rtnetlink_send_their_prefix_into_the_tun()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => CreateConfiguredTun(queues: 1));
        using var routes = ns.Run(KernelRoutes.Open);
        var pool = IPAddress.Parse("10.97.0.0");

        routes.Add(pool, 24, tun.InterfaceIndex);
        routes.Add(IPAddress.Parse("10.97.0.77"), 24, tun.InterfaceIndex);
        var shown = IpCommand.Run(ns.Name, "route", "show", "10.97.0.0/24").EnsureSuccess().StandardOutput;
        Assert.Contains("10.97.0.0/24 dev tuntest0 proto static scope link", shown, StringComparison.Ordinal);

        using var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var client = IPAddress.Parse("10.97.0.9");
        socket.SendTo(Packets.Payload(30, seed: 4), new IPEndPoint(client, 1234));
        var (_, packet) = ReadUntil(tun, p => IsUdpTo(p, client, 1234));
        Assert.Equal(Ipv4.ToUInt32(Local), Packets.Source(packet));

        routes.Delete(pool, 24, tun.InterfaceIndex);
        Assert.Equal("", IpCommand.Run(ns.Name, "route", "show", "10.97.0.0/24").EnsureSuccess().StandardOutput.Trim());
        routes.Delete(pool, 24, tun.InterfaceIndex);

        tun.SetUp(false);
        var down = Assert.Throws<LinuxIoException>(() => routes.Add(pool, 24, tun.InterfaceIndex));
        Assert.Equal(Errno.ENETDOWN, down.Errno);
        Assert.Contains("bring the interface up", down.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Point_to_point_peer_address_is_set_with_ioctls()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => TunDevice.Create(TunName));
        tun.SetAddress(IPAddress.Parse("10.96.0.1"), 32);
        tun.SetPeer(IPAddress.Parse("10.96.0.2"));
        tun.SetUp();
        using var control = ns.Run(InterfaceControl.Open);
        Assert.Equal(IPAddress.Parse("10.96.0.2"), control.GetPeer(TunName));
        Assert.Equal(IPAddress.Parse("255.255.255.255"), control.GetNetmask(TunName));
        var shown = IpCommand.Run(ns.Name, "-4", "addr", "show", "dev", TunName).EnsureSuccess().StandardOutput;
        Assert.Contains("inet 10.96.0.1 peer 10.96.0.2/32", shown, StringComparison.Ordinal);
    }

    private static TunDevice CreateConfiguredTun(int queues)
    {
        var tun = TunDevice.Create(TunName, queues);
        try
        {
            // The test's namespace must not send IPv6 router solicitations into the queues.
            Sysctl.Write($"net/ipv6/conf/{TunName}/disable_ipv6", "1");
            tun.SetAddress(Local, 24);
            tun.SetMtu(1400);
            tun.SetUp();
            return tun;
        }
        catch
        {
            tun.Dispose();
            throw;
        }
    }

    private static bool IsUdpTo(ReadOnlySpan<byte> packet, IPAddress destination, ushort port) =>
        Packets.IsIpv4(packet, 17)
        && Packets.Destination(packet) == Ipv4.ToUInt32(destination)
        && BinaryPrimitives.ReadUInt16BigEndian(packet[22..]) == port;

    private delegate bool PacketPredicate(ReadOnlySpan<byte> packet);

    /// <summary>Reads all queues in turn until a packet matches; fails after <see cref="Patience"/>.</summary>
    private static (int Queue, byte[] Packet) ReadUntil(TunDevice tun, PacketPredicate match)
    {
        var buffer = new byte[2048];
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var queue in tun.Queues)
            {
                var length = queue.Read(buffer, TimeSpan.FromMilliseconds(50));
                if (length > 0 && match(buffer.AsSpan(0, length)))
                {
                    return (queue.Index, buffer.AsSpan(0, length).ToArray());
                }
            }
        }
        Assert.Fail($"no matching packet came out of {tun.Name} within {Patience.TotalSeconds} s");
        return default;
    }
}
