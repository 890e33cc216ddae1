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
        if (sessions.Count == 0) return;
        var templates = sessions.Select(s => LoadPackets.Udp(s.Address, lanHost, SourcePort, LanTraffic.UpPort, ipLength)).ToArray();
        var calls = sessions.Select(s => s.Call!).ToArray();
        const int payloadOffset = LoadPackets.Ipv4HeaderLength + LoadPackets.UdpHeaderLength;
        var pacer = new Pacer(pps, Stopwatch.GetTimestamp());
        var next = 0;
        long sent = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= until) break;
            var due = pacer.Due(now);
            if (due == 0)
            {
                // Not spinning: the node shares our cores. A 1 ms nap costs at most a burst of rate/1000 packets.
                Thread.Sleep(1);
                continue;
            }
            for (var i = 0; i < due; i++)
            {
                var index = next;
                next = next + 1 == templates.Length ? 0 : next + 1;
                var packet = templates[index];
                LoadPackets.Stamp(packet.AsSpan(payloadOffset), Stopwatch.GetTimestamp(), sessions[index].Index);
                if (calls[index].SendIpPacket(packet) == SendResult.Sent) sent++;
                else failed++;
            }
            pacer.Done(due);
            if (sent + failed >= 4096)
            {
                meter.CountSent(sent);
                meter.CountSendFailures(failed);
                sent = failed = 0;
            }
        }
        meter.CountSent(sent);
        meter.CountSendFailures(failed);
    }
}
