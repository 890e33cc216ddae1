using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;

namespace Concentrator.Client.Tests.Transport;

public sealed class ClientGreDemuxTests
{
    private sealed class Recorder : IClientGreReceiver
    {
        public readonly List<(uint Source, byte[] Packet)> Packets = [];

        public void OnGrePacket(uint source, Span<byte> grePacket)
        {
            Packets.Add((source, grePacket.ToArray()));
            grePacket[^1] ^= 0xFF; // receivers may decrypt in place
        }
    }

    private static byte[] Gre(ushort callId, params byte[] payload)
    {
        var packet = new byte[GreHeader.MaximumSize + payload.Length];
        var header = GreHeader.Write(packet, callId, (ushort)payload.Length, hasSequence: true, 1, hasAck: false, 0);
        payload.CopyTo(packet, header);
        return packet[..(header + payload.Length)];
    }

    [Fact]
    public void Hands_out_distinct_nonzero_ids_round_robin_without_reusing_a_freed_one_at_once()
    {
        var demux = new ClientGreDemux();
        var a = new Recorder();
        Assert.True(demux.TryRegister(a, out var first));
        Assert.True(demux.TryRegister(new Recorder(), out var second));
        Assert.Equal(1, first);
        Assert.Equal(2, second);
        demux.Unregister(first, a);
        Assert.True(demux.TryRegister(new Recorder(), out var third));
        Assert.Equal(3, third);
        Assert.Equal(2, demux.Count);
    }

    [Fact]
    public void Delivers_by_call_id_with_the_source_and_a_writable_packet()
    {
        var demux = new ClientGreDemux();
        var a = new Recorder();
        var b = new Recorder();
        demux.TryRegister(a, out var idA);
        demux.TryRegister(b, out var idB);
        var packet = Gre(idB, 1, 2, 3);
        Assert.True(demux.Dispatch(0x0A000001, packet));
        Assert.Empty(a.Packets);
        Assert.Equal(0x0A000001u, b.Packets[0].Source);
        Assert.Equal(Gre(idB, 1, 2, 3), b.Packets[0].Packet);
        Assert.Equal(0xFC, packet[^1]);
        Assert.NotEqual(idA, idB);
    }

    [Fact]
    public void Counts_unknown_call_ids_and_malformed_packets()
    {
        var demux = new ClientGreDemux();
        var a = new Recorder();
        demux.TryRegister(a, out var id);
        demux.Unregister(id, new Recorder());
        Assert.True(demux.Dispatch(1, Gre(id, 9)));
        demux.Unregister(id, a);
        Assert.False(demux.Dispatch(1, Gre(id, 9)));
        Assert.False(demux.Dispatch(1, [0x30, 0x01, 0x88]));
        Assert.Equal(1, demux.UnknownCallId);
        Assert.Equal(1, demux.Malformed);
        Assert.Single(a.Packets);
    }

    [Fact]
    public void A_full_table_refuses_another_registration()
    {
        var demux = new ClientGreDemux();
        var receiver = new Recorder();
        for (var i = 1; i <= ushort.MaxValue; i++) Assert.True(demux.TryRegister(receiver, out _));
        Assert.False(demux.TryRegister(receiver, out var none));
        Assert.Equal(0, none);
        demux.Unregister(500, receiver);
        Assert.True(demux.TryRegister(receiver, out var freed));
        Assert.Equal(500, freed);
    }
}
