using Concentrator.Protocol.Gre;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.DataPath;

/// <summary>What the packet path of one call uses.</summary>
/// <param name="Gre">Sliding-window tuning.</param>
/// <param name="Mtu">The tunnel MTU (TUN device), which bounds the MSS we clamp to.</param>
/// <param name="Demux">Where this call registers for its GRE.</param>
/// <param name="Sender">Sends GRE to peers.</param>
/// <param name="Tun">Takes decrypted IP packets.</param>
/// <param name="Metrics">The node's metrics.</param>
/// <param name="Counters">This session's counters.</param>
public sealed record DataPathServices(
    GreSequencerSettings Gre, ushort Mtu, GreDemux Demux, IGreSender Sender, IPacketSink Tun, SessionMetrics Metrics, SessionCounters Counters);
