using Akka.Actor;

namespace Concentrator.Sessions.Control;

/// <summary>What every control-connection actor of a node shares.</summary>
/// <param name="Settings">PPTP control behaviour and timers.</param>
/// <param name="CallIds">The node's call IDs.</param>
/// <param name="PptpEnabled">The global switch for PPTP logins.</param>
/// <param name="ReceiveWindow">Our GRE receive window, told to peers.</param>
/// <param name="CallProps">Makes the actor of a new call; its parent is the connection actor.</param>
/// <param name="Demux">Where a new call is registered for its GRE before the peer learns its call ID.</param>
/// <param name="Metrics">The node's metrics.</param>
public sealed record ControlConnectionOptions(
    ControlSettings Settings,
    CallIdAllocator CallIds,
    Func<bool> PptpEnabled,
    ushort ReceiveWindow,
    Func<CallSetup, Props> CallProps,
    DataPath.GreDemux Demux,
    Telemetry.SessionMetrics Metrics);
