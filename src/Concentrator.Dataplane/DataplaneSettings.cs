using Concentrator.Dataplane.Control;
using Concentrator.Dataplane.Gre;
using Concentrator.Dataplane.Lan;
using Concentrator.Dataplane.Tun;

namespace Concentrator.Dataplane;

/// <summary>Everything the data plane of one node is built from.</summary>
/// <param name="Tun">The TUN device.</param>
public sealed record DataplaneSettings(TunSettings Tun)
{
    public ListenerSettings Listener { get; init; } = new();

    public GreSettings Gre { get; init; } = new();

    /// <summary>Forwarding, pool routes and proxy ARP; null to leave the host's routing alone.</summary>
    public LanAccessSettings? Lan { get; init; }
}
