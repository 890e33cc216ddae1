using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>
/// Reads the CHAP packets the server sends (plain PPP in GRE: they come before MPPE is up), in order,
/// for tests of what the Failure message says (RFC 2759 §6). Install <see cref="Filter"/> as the
/// node's ServerGreFilter; every packet is still sent.
/// </summary>
public sealed class ServerChapRecorder
{
    private readonly List<ChapPacket> _packets = new();

    public IReadOnlyList<ChapPacket> Packets
    {
        get
        {
            lock (_packets) return _packets.ToList();
        }
    }

    public GreFault Filter(ReadOnlyMemory<byte> gre)
    {
        if (GreHeader.TryDecode(gre.Span, out var packet, out _)
            && PppFrame.TryDecode(packet.Payload, out var protocol, out var information, out _)
            && protocol == PppProtocol.Chap
            && ChapPacket.TryDecode(information, out var chap, out _))
        {
            lock (_packets) _packets.Add(chap);
        }
        return GreFault.Send;
    }
}
