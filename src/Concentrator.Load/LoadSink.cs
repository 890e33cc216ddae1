using Concentrator.Client;

namespace Concentrator.Load;

/// <summary>
/// Where the decrypted packets of every session go (on the GRE receive threads): echo replies complete
/// their session's setup, stamped UDP to <see cref="DownPort"/> is counted in <see cref="Down"/>, anything
/// else in <see cref="Other"/>. Allocation-free.
/// </summary>
public sealed class LoadSink(LoadSession?[] sessions) : IClientPacketSink
{
    /// <summary>The UDP port the LAN source sends to on the clients' tunnel addresses.</summary>
    public const ushort DownPort = 5003;

    private long _other;

    /// <summary>LAN → client traffic.</summary>
    public TrafficMeter Down { get; } = new();

    public long Other => Interlocked.Read(ref _other);

    public void OnIpPacket(PptpCall call, ReadOnlySpan<byte> ipPacket)
    {
        var payload = LoadPackets.UdpPayload(ipPacket, DownPort);
        if (!payload.IsEmpty)
        {
            Down.Record(payload, ipPacket.Length);
            return;
        }
        var index = LoadPackets.EchoReplySession(ipPacket);
        if ((uint)index < (uint)sessions.Length && sessions[index] is { } session)
        {
            session.OnFirstReply();
            return;
        }
        Interlocked.Increment(ref _other);
    }
}
