using System.Diagnostics;
using Concentrator.Client;

namespace Concentrator.Load;

/// <summary>Client → LAN traffic: stamped UDP packets sent through the sessions' tunnels to the LAN host's sink.</summary>
public static class ClientTraffic
{
    /// <summary>The UDP source port of client packets.</summary>
    public const ushort SourcePort = 5004;

    /// <summary>
    /// Sends through <paramref name="sessions"/> round-robin at <paramref name="pps"/> (0: flat out) until
    /// <paramref name="until"/> (Stopwatch) or <paramref name="stop"/>. A packet the tunnel cannot take (the
    /// server's GRE window is full, RFC 2637 §4.2) counts as a send failure; nothing is retried.
    /// </summary>
    public static void SendLoop(IReadOnlyList<LoadSession> sessions, uint lanHost, int ipLength, int pps, long until, TrafficMeter meter, CancellationToken stop)
    {
        var templates = sessions.Select(s => LoadPackets.Udp(s.Address, lanHost, SourcePort, LanTraffic.UpPort, ipLength)).ToArray();
        var calls = sessions.Select(s => s.Call!).ToArray();
        const int payloadOffset = LoadPackets.Ipv4HeaderLength + LoadPackets.UdpHeaderLength;
        Pacer.RoundRobin(sessions.Count, pps, until, meter, index =>
        {
            var packet = templates[index];
            LoadPackets.Stamp(packet.AsSpan(payloadOffset), Stopwatch.GetTimestamp(), sessions[index].Index);
            return calls[index].SendIpPacket(packet) == SendResult.Sent;
        }, stop);
    }
}
