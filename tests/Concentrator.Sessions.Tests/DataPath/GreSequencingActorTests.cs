using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Tests.DataPath;

/// <summary>The data path of one call on its own: every packet it drops is counted with its reason.</summary>
public sealed class GreSequencingActorTests : TestKit
{
    private static readonly IPAddress Peer = IPAddress.Parse("203.0.113.50");
    private static readonly CallSetup Setup = new(CallId: 7, PeerCallId: 9, Peer, PeerReceiveWindow: 64);
    private static readonly byte[] StartKey = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    private readonly SessionMetrics _metrics = new(Prometheus.Metrics.NewCustomRegistry());
    private readonly RecordingSender _sender = new();
    private readonly RecordingSink _tun = new();

    private IActorRef StartDataPath()
    {
        var services = new DataPathServices(new GreSequencerSettings(), 1400, new GreDemux(), _sender, _tun, _metrics, new SessionCounters());
        // A child of the test actor: what the data path tells its call actor comes to the test.
        var dataPath = ChildActorOf(GreSequencingActor.Props(Setup, services));
        dataPath.Tell(new InstallCiphers(new MppeEncryptor(StartKey, MppeKeyLength.Bits128, true), new MppeDecryptor(StartKey, MppeKeyLength.Bits128, true)));
        dataPath.Tell(new DataEnabled(true));
        return dataPath;
    }

    [Fact]
    public void An_mppe_packet_that_decrypts_to_no_ppp_frame_is_counted_as_malformed()
    {
        var dataPath = StartDataPath();
        // PPP 0x00FD with MPPE header and one octet of plaintext: an even octet is no protocol field (RFC 1661 §6.5).
        var frame = new byte[] { 0xFF, 0x03, 0x00, 0xFD, 0, 0, 0x00 };
        Assert.Equal(MppeError.None, new MppeEncryptor(StartKey, MppeKeyLength.Bits128, true).Encrypt(frame.AsSpan(4)));
        dataPath.Tell(GreFromPeer(frame));

        ExpectMsg<GreArrived>();
        AwaitAssert(() => Assert.Equal(1, _metrics.PppMalformed.Value));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // nothing handed to the call as a frame
        Assert.Equal(0, _tun.Count);
    }

    [Fact]
    public void A_control_frame_too_big_to_send_is_counted_as_too_big()
    {
        var dataPath = StartDataPath();
        dataPath.Tell(new SendFrame(new byte[PacketBatch.MaxPacket + PacketBatch.Headroom]));
        AwaitAssert(() => Assert.Equal(1, _metrics.GreDrop(GreDropReason.TooBig).Value));
        Assert.Empty(_sender.Sent);

        dataPath.Tell(new SendFrame(PppFrame.ControlFrame(PppProtocol.Lcp, new byte[] { 5, 1, 0, 4 })));
        AwaitAssert(() => Assert.Single(_sender.Sent));
    }

    private static PacketBatch GreFromPeer(byte[] ppp)
    {
        var gre = new byte[GreHeader.MaximumSize + ppp.Length];
        var header = GreHeader.Write(gre, Setup.CallId, (ushort)ppp.Length, true, 0, false, 0);
        ppp.CopyTo(gre, header);
        var batch = PacketBatchPool.Rent();
        batch.Kind = PacketBatchKind.GreFromPeer;
        Assert.True(batch.TryAppend(gre.AsSpan(0, header + ppp.Length)));
        return batch;
    }

    private sealed class RecordingSender : IGreSender
    {
        public ConcurrentQueue<byte[]> Sent { get; } = new();

        public void Send(IPAddress peer, ReadOnlySpan<byte> grePacket) => Sent.Enqueue(grePacket.ToArray());
    }

    private sealed class RecordingSink : IPacketSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Write(ReadOnlySpan<byte> ipPacket) => Interlocked.Increment(ref _count);
    }
}
