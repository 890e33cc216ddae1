using System.Buffers.Binary;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>The GRE raw socket between two namespaces joined by a veth pair.</summary>
public sealed class RawGreSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public void Gre_packets_cross_the_veth_both_ways_with_the_kernels_ipv4_header_in_front()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var socketA = lab.Own(lab.A.Run(RawGreSocket.Open));
        var socketB = lab.Own(lab.B.Run(RawGreSocket.Open));
        socketA.ReceiveTimeout = Patience;
        socketB.ReceiveTimeout = Patience;

        var toB = Packets.Gre(callId: 0x4001, sequence: 7, Packets.Payload(300, seed: 1));
        socketA.Send(TwoNamespaces.AddressB, toB);
        AssertReceived(socketB, expectedSource: TwoNamespaces.A32, expectedDestination: TwoNamespaces.B32, toB);

        var toA = Packets.Gre(callId: 0x8002, sequence: 9, Packets.Payload(1400, seed: 2));
        socketB.Send(TwoNamespaces.B32 - 1, toA);
        AssertReceived(socketA, expectedSource: TwoNamespaces.B32, expectedDestination: TwoNamespaces.A32, toA);
    }

    [SkippableFact]
    public void Receive_batch_gets_100_packets_sent_with_one_send_batch()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var sender = lab.Own(lab.A.Run(RawGreSocket.Open));
        var receiver = lab.Own(lab.B.Run(RawGreSocket.Open));
        receiver.ReceiveTimeout = TimeSpan.FromSeconds(2);

        var outgoing = new MessageBatch(100);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(outgoing.TryAdd(Packets.Gre(0x4001, (uint)i, Packets.Payload(20 + i, seed: i)), TwoNamespaces.B32));
        }
        Assert.False(outgoing.TryAdd(Packets.Gre(0x4001, 100, [1]), TwoNamespaces.B32));
        var result = sender.SendBatch(outgoing);
        Assert.Equal(new SendBatchResult(100, 0, Errno.None), result);

        var incoming = new MessageBatch(64);
        var seen = new bool[100];
        var total = 0;
        for (var round = 0; round < 50 && total < 100; round++)
        {
            var count = receiver.ReceiveBatch(incoming);
            Assert.Equal(count, incoming.Count);
            if (count == 0)
            {
                break;
            }
            for (var i = 0; i < count; i++)
            {
                var packet = incoming.GetPacket(i);
                Assert.Equal(TwoNamespaces.A32, incoming.GetAddress(i));
                Assert.False(incoming.IsTruncated(i));
                Assert.True(Packets.IsIpv4(packet, 47));
                var gre = packet[Packets.IpHeaderLength..];
                var sequence = (int)BinaryPrimitives.ReadUInt32BigEndian(gre[8..]);
                Assert.InRange(sequence, 0, 99);
                Assert.False(seen[sequence], $"packet {sequence} arrived twice");
                seen[sequence] = true;
                Assert.Equal(Packets.Gre(0x4001, (uint)sequence, Packets.Payload(20 + sequence, seed: sequence)), gre.ToArray());
            }
            total += count;
        }
        Assert.Equal(100, total);
    }

    [SkippableFact]
    public void Receive_returns_zero_when_the_timeout_passes_without_data()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var socket = lab.Own(lab.B.Run(RawGreSocket.Open));
        socket.ReceiveTimeout = TimeSpan.FromMilliseconds(200);
        Assert.Equal(TimeSpan.FromMilliseconds(200), socket.ReceiveTimeout);

        var buffer = new byte[2048];
        Assert.Equal(0, socket.Receive(buffer, out var source));
        Assert.Equal(0u, source);
        var batch = new MessageBatch(8);
        Assert.Equal(0, socket.ReceiveBatch(batch));
        Assert.Equal(0, batch.Count);
        Assert.False(socket.IsClosed);
    }

    [SkippableFact]
    public void Dispose_unblocks_a_receiver_waiting_without_timeout()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var socket = lab.Own(lab.B.Run(RawGreSocket.Open));
        Assert.Equal(Timeout.InfiniteTimeSpan, socket.ReceiveTimeout);
        var batchResult = -1;
        var singleResult = -1;
        using var entered = new CountdownEvent(2);
        var batchReader = Lab.Start("batch reader", () =>
        {
            entered.Signal();
            batchResult = socket.ReceiveBatch(new MessageBatch(4));
        });
        var singleReader = Lab.Start("single reader", () =>
        {
            entered.Signal();
            singleResult = socket.Receive(new byte[2048], out _);
        });
        Assert.True(entered.Wait(Patience));
        Thread.Sleep(200);
        Assert.True(batchReader.IsAlive && singleReader.IsAlive, "receivers should block until data or Dispose");

        socket.Dispose();
        Lab.Join(batchReader, Patience);
        Lab.Join(singleReader, Patience);
        Assert.Equal(0, batchResult);
        Assert.Equal(0, singleResult);
        Assert.True(socket.IsClosed);
        Assert.True(socket.Handle.IsClosed);
        Assert.Equal(0, socket.Receive(new byte[64], out _));
        socket.Dispose();
    }

    [SkippableFact]
    public void Bound_socket_receives_and_binding_a_foreign_address_says_why_it_failed()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var sender = lab.Own(lab.A.Run(RawGreSocket.Open));
        var receiver = lab.Own(lab.B.Run(RawGreSocket.Open));
        receiver.Bind(TwoNamespaces.AddressB);
        receiver.ReceiveTimeout = Patience;
        var packet = Packets.Gre(1, 1, Packets.Payload(64, seed: 3));
        sender.Send(TwoNamespaces.B32, packet);
        AssertReceived(receiver, TwoNamespaces.A32, TwoNamespaces.B32, packet);

        var stranger = lab.Own(lab.B.Run(RawGreSocket.Open));
        var error = Assert.Throws<LinuxIoException>(() => stranger.Bind(TwoNamespaces.AddressA));
        Assert.Equal(Errno.EADDRNOTAVAIL, error.Errno);
        Assert.Contains("bind(GRE socket, 10.99.1.1) failed: EADDRNOTAVAIL", error.Message, StringComparison.Ordinal);
        Assert.Contains("not configured on any interface", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Sending_without_a_route_fails_with_the_errno_and_try_send_does_not_throw()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var socket = lab.Own(lab.A.Run(RawGreSocket.Open));
        var nowhere = Ipv4.ToUInt32(System.Net.IPAddress.Parse("192.0.2.1"));
        Assert.False(socket.TrySend(nowhere, Packets.Gre(1, 1, [1, 2, 3]), out var errno));
        Assert.Equal(Errno.ENETUNREACH, errno);
        var error = Assert.Throws<LinuxIoException>(() => socket.Send(nowhere, Packets.Gre(1, 1, [1, 2, 3])));
        Assert.Equal(Errno.ENETUNREACH, error.Errno);
        Assert.Contains("no route to the peer", error.Message, StringComparison.Ordinal);

        var batch = new MessageBatch(3);
        batch.TryAdd(Packets.Gre(1, 1, [1]), TwoNamespaces.B32);
        batch.TryAdd(Packets.Gre(1, 2, [2]), nowhere);
        batch.TryAdd(Packets.Gre(1, 3, [3]), TwoNamespaces.B32);
        Assert.Equal(new SendBatchResult(2, 1, Errno.ENETUNREACH), socket.SendBatch(batch));
    }

    [SkippableFact]
    public void Buffer_sizes_can_exceed_rmem_max_as_root()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var socket = lab.Own(lab.A.Run(RawGreSocket.Open));
        socket.ReceiveBufferSize = 8 << 20;
        socket.SendBufferSize = 4 << 20;
        // socket(7): the kernel doubles the value to leave room for bookkeeping.
        Assert.Equal(16 << 20, socket.ReceiveBufferSize);
        Assert.Equal(8 << 20, socket.SendBufferSize);
    }

    [SkippableFact]
    public void Gre_sender_interface_sends_to_the_peer()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        Sessions.Transport.IGreSender sender = lab.Own(lab.A.Run(RawGreSocket.Open));
        var receiver = lab.Own(lab.B.Run(RawGreSocket.Open));
        receiver.ReceiveTimeout = Patience;
        var packet = Packets.Gre(5, 5, Packets.Payload(10, seed: 5));
        sender.Send(TwoNamespaces.AddressB, packet);
        AssertReceived(receiver, TwoNamespaces.A32, TwoNamespaces.B32, packet);
    }

    private static void AssertReceived(RawGreSocket socket, uint expectedSource, uint expectedDestination, byte[] grePacket)
    {
        var buffer = new byte[2048];
        var length = socket.Receive(buffer, out var source);
        Assert.Equal(Packets.IpHeaderLength + grePacket.Length, length);
        Assert.Equal(expectedSource, source);
        var packet = buffer.AsSpan(0, length);
        Assert.True(Packets.IsIpv4(packet, 47), "expected an IPv4 header with protocol 47");
        Assert.Equal(5, packet[0] & 0x0F);
        Assert.Equal(length, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
        Assert.Equal(expectedSource, Packets.Source(packet));
        Assert.Equal(expectedDestination, Packets.Destination(packet));
        Assert.Equal(0, Packets.Checksum(packet[..Packets.IpHeaderLength]));
        Assert.Equal(grePacket, packet[Packets.IpHeaderLength..].ToArray());
    }
}
