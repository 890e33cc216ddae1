using System.Buffers.Binary;
using Concentrator.Client.Tests.Support;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;

namespace Concentrator.Client.Tests;

/// <summary>IP data over MPPE in GRE (RFC 3078, RFC 2637 §4): both directions, the sliding window, acks and fault injection.</summary>
public sealed class DataPathTests
{
    [Fact]
    public async Task Ip_packets_cross_encrypted_in_both_directions()
    {
        var queue = new PacketQueue();
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options() with { PacketSink = queue }, server.Streams, server.Gre, new ManualTimeProvider()));
        var decryptor = server.Keys!.CreateDecryptor(MppeKeyLength.Bits128, stateless: true);
        var encryptor = server.Keys.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);

        for (var i = 0; i < 20; i++)
        {
            var up = Packets.Ip(28 + 50 * i, seed: i);
            Assert.Equal(SendResult.Sent, call.SendIpPacket(up));
            Assert.Equal(up, await server.ReceiveIpAsync(decryptor));

            var down = Packets.Ip(1300 - 40 * i, seed: 100 + i);
            Assert.True(server.SendIp(encryptor, down));
            var received = await queue.ReadAsync(ScriptedServer.Patience);
            Assert.Same(call, received.Call);
            Assert.Equal(down, received.Packet);
        }

        var statistics = call.Statistics;
        Assert.Equal(20, statistics.IpPacketsSent);
        Assert.Equal(20, statistics.IpPacketsReceived);
        Assert.Equal(Enumerable.Range(0, 20).Sum(i => 1300L - 40 * i), statistics.IpBytesReceived);
        Assert.Equal(0, statistics.MppeErrors);
        Assert.Equal(0, statistics.Gre.Lost);
    }

    [Fact]
    public async Task Data_frames_carry_address_control_unless_the_server_asked_for_acfc_and_pfc()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync();
        await server.OpenLcpAsync(LcpOptions.Mru(1400), LcpOptions.MsChapV2, LcpOptions.MagicNumber(ScriptedServer.ServerMagic),
            LcpOptions.ProtocolFieldCompression(), LcpOptions.AddressControlFieldCompression());
        await server.AuthenticateAsync();
        await server.OpenCcpAsync();
        await server.OpenIpcpAsync();
        var call = await connecting.WaitAsync(ScriptedServer.Patience);

        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(40, seed: 1)));
        var gre = await server.NextGreAsync();
        // RFC 1661 §6.5/§6.6: no FF 03, protocol 0x00FD as the single octet FD.
        Assert.Equal(0xFD, gre.Payload[0]);
        Assert.Equal(1 + MppeHeader.Length + 2 + 40, gre.Payload.Length);
    }

    [Fact]
    public async Task Packets_beyond_the_servers_mru_are_refused()
    {
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider()));
        // MRU 1400 = MPPE header (2) + protocol (2) + IP.
        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(1396, seed: 1)));
        Assert.Equal(SendResult.TooBig, call.SendIpPacket(Packets.Ip(1397, seed: 1)));
    }

    [Fact]
    public async Task A_full_server_window_refuses_packets_until_the_server_acknowledges()
    {
        await using var server = new ScriptedServer();
        var client = new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, new ManualTimeProvider());
        var connecting = client.ConnectAsync();
        await server.AcceptControlAsync();
        await server.AcceptCallAsync(window: 3);
        await server.OpenLcpAsync();
        await server.AuthenticateAsync();
        await server.OpenCcpAsync();
        await server.OpenIpcpAsync();
        var call = await connecting.WaitAsync(ScriptedServer.Patience);

        // Every setup frame was acknowledged by the server's frames; now three data packets fill the window (RFC 2637 §4.2).
        server.SendFrame(PppProtocol.Lcp, new EchoPacket(ControlCode.DiscardRequest, 1, ScriptedServer.ServerMagic, ReadOnlyMemory<byte>.Empty).ToControlPacket().ToArray());
        for (var i = 0; i < 3; i++) Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(40, seed: i)));
        Assert.Equal(SendResult.WindowFull, call.SendIpPacket(Packets.Ip(40, seed: 9)));
        Assert.Equal(1, call.Statistics.Gre.WindowFull);

        for (var i = 0; i < 3; i++) await server.NextFrameAsync();
        var ack = new byte[GreHeader.MaximumSize];
        var length = GreHeader.Write(ack, server.ClientCallId, 0, hasSequence: false, 0, hasAck: true, server.LastClientSequence);
        Assert.True(server.Gre.Deliver(ScriptedServer.Address, ack.AsSpan(0, length)));
        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(40, seed: 9)));
    }

    [Fact]
    public async Task Received_data_is_acknowledged_alone_after_the_ack_delay_or_on_the_next_data_packet()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options(), server.Streams, server.Gre, time));
        var encryptor = server.Keys!.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);
        while (server.HasUnread) await server.NextGreAsync();
        var before = server.LoneAcks.Count;

        // RFC 2637 §4.4: nothing to piggy-back on; after the ack delay (100 ms) an ack goes alone.
        server.SendIp(encryptor, Packets.Ip(40, seed: 1));
        var sequence = server.NextSequence - 1;
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(server.HasUnread);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var lone = await server.NextGreAsync();
        Assert.False(lone.HasSequence);
        Assert.True(lone.HasAck);
        Assert.Equal(sequence, lone.Ack);
        Assert.Equal(before + 1, server.LoneAcks.Count);
        Assert.Equal(1, call.Statistics.Gre.AcksSent);

        // Data owed an ack: the next data packet carries it, and no lone ack follows.
        server.SendIp(encryptor, Packets.Ip(40, seed: 2));
        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(40, seed: 3)));
        var data = await server.NextGreAsync();
        Assert.True(data.HasAck);
        Assert.Equal(sequence + 1, data.Ack);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(server.HasUnread);
    }

    [Fact]
    public async Task Reordered_server_packets_are_delivered_in_order_and_unencrypted_ip_is_refused()
    {
        var queue = new PacketQueue();
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options() with { PacketSink = queue }, server.Streams, server.Gre, new ManualTimeProvider()));
        var encryptor = server.Keys!.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);
        var first = EncryptedFrame(encryptor, Packets.Ip(40, seed: 1));
        var second = EncryptedFrame(encryptor, Packets.Ip(40, seed: 2));
        var sequence = server.NextSequence;
        Deliver(server, sequence + 1, second);
        Assert.False(queue.TryRead(out _));
        Deliver(server, sequence, first);
        Assert.Equal(Packets.Ip(40, seed: 1), (await queue.ReadAsync(ScriptedServer.Patience)).Packet);
        Assert.Equal(Packets.Ip(40, seed: 2), (await queue.ReadAsync(ScriptedServer.Patience)).Packet);
        Assert.Equal(1, call.Statistics.Gre.Reordered);

        // RFC 3078: with MPPE negotiated, plain IP (0x0021) is never accepted.
        var plain = new byte[4 + 40];
        PppFrame.WriteHeader(plain, PppProtocol.Ip, addressControl: true, compressProtocol: false);
        Packets.Ip(40, seed: 3).CopyTo(plain, 4);
        Deliver(server, sequence + 2, plain);
        Assert.False(queue.TryRead(out _));
        Assert.Equal(1, call.Statistics.Dropped);
    }

    [Fact]
    public async Task Gre_from_another_address_is_not_accepted()
    {
        var queue = new PacketQueue();
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options() with { PacketSink = queue }, server.Streams, server.Gre, new ManualTimeProvider()));
        var frame = EncryptedFrame(server.Keys!.CreateEncryptor(MppeKeyLength.Bits128, stateless: true), Packets.Ip(40, seed: 1));
        var packet = GrePacket(server.ClientCallId, server.NextSequence, frame);
        Assert.True(server.Gre.Deliver(ScriptedServer.Address32 + 1, packet));
        Assert.False(queue.TryRead(out _));
        Assert.Equal(1, call.Statistics.StrayGre);
    }

    [Theory]
    [InlineData(GreFault.Drop, new[] { 2 })]
    [InlineData(GreFault.Duplicate, new[] { 1, 1, 2 })]
    [InlineData(GreFault.Delay, new[] { 2, 1 })]
    public async Task The_outgoing_filter_drops_duplicates_or_delays_packets(GreFault fault, int[] arrivals)
    {
        var faulty = false;
        await using var server = new ScriptedServer();
        var options = ScriptedServer.Options() with { OutgoingGreFilter = _ => faulty ? Next(ref faulty, fault) : GreFault.Send };
        var call = await server.ConnectAsync(new PptpClient(options, server.Streams, server.Gre, new ManualTimeProvider()));
        Assert.False(server.HasUnread);
        var first = server.LastClientSequence + 1;

        faulty = true;
        call.SendIpPacket(Packets.Ip(40, seed: 1));
        call.SendIpPacket(Packets.Ip(40, seed: 2));
        var seen = new List<int>();
        foreach (var _ in arrivals)
        {
            // Packets are told apart by their GRE sequence numbers: the first packet sent has the first.
            seen.Add((int)((await server.NextFrameAsync()).Sequence - first) + 1);
        }

        Assert.Equal(arrivals, seen);
        Assert.False(server.HasUnread);

        static GreFault Next(ref bool faulty, GreFault fault)
        {
            faulty = false;
            return fault;
        }
    }

    [Fact]
    public async Task A_transport_that_answers_synchronously_into_a_sink_that_sends_again_corrupts_nothing()
    {
        var sink = new EchoOnceSink();
        await using var server = new ScriptedServer();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options() with { PacketSink = sink }, server.Streams, server.Gre, new ManualTimeProvider()));
        var encryptor = server.Keys!.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);
        var answered = false;
        var unchanged = false;
        server.Gre.Outbound = (_, packet) =>
        {
            if (answered) return;
            answered = true;
            var before = packet.ToArray();
            // The "server" answers before it is done with the packet: the client's sink sends again, nested.
            Assert.True(server.SendIp(encryptor, Packets.Ip(60, seed: 2)));
            unchanged = packet.SequenceEqual(before);
        };

        Assert.Equal(SendResult.Sent, call.SendIpPacket(Packets.Ip(60, seed: 1)));
        Assert.True(answered);
        Assert.Equal(SendResult.Sent, sink.Result);
        Assert.True(unchanged, "the nested send overwrote the packet the transport was still sending");
    }

    private sealed class EchoOnceSink : IClientPacketSink
    {
        public SendResult? Result { get; private set; }

        public void OnIpPacket(PptpCall call, ReadOnlySpan<byte> ipPacket) => Result ??= call.SendIpPacket(ipPacket);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sending_and_receiving_allocate_nothing_after_warm_up(bool systemClock)
    {
        // With the system clock, real timers are re-armed as acks fall due and are sent: that must not allocate either.
        var sink = new CountingSink();
        await using var server = new ScriptedServer();
        TimeProvider time = systemClock ? TimeProvider.System : new ManualTimeProvider();
        var call = await server.ConnectAsync(new PptpClient(ScriptedServer.Options() with { PacketSink = sink }, server.Streams, server.Gre, time));
        var encryptor = server.Keys!.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);
        var decryptor = server.Keys.CreateDecryptor(MppeKeyLength.Bits128, stateless: true);
        var wire = new ServerWire(server.ClientCallId, server.NextSequence, encryptor, decryptor);
        server.Gre.Outbound = wire.FromClient;
        var packet = Packets.Ip(1200, seed: 7);

        int RoundTrips(int count)
        {
            var sent = 0;
            for (var i = 0; i < count; i++)
            {
                if (call.SendIpPacket(packet) == SendResult.Sent) sent++;
                wire.ToClient(server.Gre, packet);
            }

            return sent;
        }

        var warmUp = RoundTrips(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sent = RoundTrips(2000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Nothing per packet: one object per packet would be at least 24 B x 2000. With the system clock the
        // timer thread can contend for the call's lock for the first time inside the window, and the runtime
        // then makes the lock's wait event once (56 B on this runtime); that is per call, not per packet.
        Assert.True(allocated < 256, $"{allocated} B allocated over 2000 round trips");
        Assert.Equal(2200, warmUp + sent);
        Assert.Equal(2200, sink.Packets);
        Assert.Equal(2200, wire.Decrypted);
        Assert.Equal(0, call.Statistics.MppeErrors);
    }

    private static byte[] EncryptedFrame(MppeEncryptor encryptor, byte[] ip)
    {
        var frame = new byte[4 + MppeHeader.Length + 2 + ip.Length];
        PppFrame.WriteHeader(frame, MppeHeader.PppProtocol, addressControl: true, compressProtocol: false);
        frame[4 + MppeHeader.Length + 1] = 0x21;
        ip.CopyTo(frame, 4 + MppeHeader.Length + 2);
        Assert.Equal(MppeError.None, encryptor.Encrypt(frame.AsSpan(4)));
        return frame;
    }

    private static byte[] GrePacket(ushort callId, uint sequence, byte[] frame)
    {
        var packet = new byte[GreHeader.MaximumSize + frame.Length];
        var header = GreHeader.Write(packet, callId, (ushort)frame.Length, hasSequence: true, sequence, hasAck: false, 0);
        frame.CopyTo(packet, header);
        return packet[..(header + frame.Length)];
    }

    private static void Deliver(ScriptedServer server, uint sequence, byte[] frame) =>
        Assert.True(server.Gre.Deliver(ScriptedServer.Address, GrePacket(server.ClientCallId, sequence, frame)));

    private sealed class CountingSink : IClientPacketSink
    {
        public int Packets;

        public void OnIpPacket(PptpCall call, ReadOnlySpan<byte> ipPacket)
        {
            if (ipPacket.Length == 1200) Packets++;
        }
    }

    /// <summary>The server's end of the data path without allocations: decrypts what the client sends, encrypts what it gets.</summary>
    private sealed class ServerWire(ushort clientCallId, uint firstSequence, MppeEncryptor encryptor, MppeDecryptor decryptor)
    {
        private readonly byte[] _buffer = new byte[2048];
        private readonly byte[] _received = new byte[2048];
        private uint _sequence = firstSequence;
        private uint _lastClientSequence;

        public int Decrypted { get; private set; }

        public void FromClient(System.Net.IPAddress server, ReadOnlySpan<byte> grePacket)
        {
            if (!GreHeader.TryDecode(grePacket, out var gre, out _) || !gre.HasSequence) return;
            _lastClientSequence = gre.Sequence;
            var information = _received.AsSpan(0, gre.PayloadLength - 4);
            gre.Payload[4..].CopyTo(information);
            if (decryptor.Decrypt(information) == MppeError.None && BinaryPrimitives.ReadUInt16BigEndian(information[MppeHeader.Length..]) == PppProtocol.Ip) Decrypted++;
        }

        public void ToClient(InMemoryGreTransport transport, ReadOnlySpan<byte> ip)
        {
            var start = GreHeader.MaximumSize;
            var frame = _buffer.AsSpan(start);
            PppFrame.WriteHeader(frame, MppeHeader.PppProtocol, addressControl: true, compressProtocol: false);
            frame[4 + MppeHeader.Length] = 0;
            frame[4 + MppeHeader.Length + 1] = 0x21;
            ip.CopyTo(frame[(4 + MppeHeader.Length + 2)..]);
            encryptor.Encrypt(frame.Slice(4, MppeHeader.Length + 2 + ip.Length));
            var length = 4 + MppeHeader.Length + 2 + ip.Length;
            var header = GreHeader.SizeOf(hasSequence: true, hasAck: true);
            GreHeader.Write(_buffer.AsSpan(start - header), clientCallId, (ushort)length, hasSequence: true, _sequence++, hasAck: true, _lastClientSequence);
            transport.Deliver(ScriptedServer.Address32, _buffer.AsSpan(start - header, header + length));
        }
    }
}
