using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Concentrator.Protocol.Ip;

namespace Concentrator.Sessions.Routing;

/// <summary>
/// Tunnel address → the actor that carries that session's packets. TUN reader threads look up every
/// downstream packet here (lock-free reads); the routing actor is the only writer.
/// </summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<uint, IActorRef> _routes = new();

    public int Count => _routes.Count;

    /// <summary>Finds the session for a destination address given as in the IPv4 header (host order, see <see cref="Ipv4"/>).</summary>
    public bool TryGet(uint destination, out IActorRef session) => _routes.TryGetValue(destination, out session!);

    public void Set(IPAddress address, IActorRef session) => _routes[Ipv4.ToUInt32(address)] = session;

    /// <summary>Removes the route if it still points to <paramref name="session"/>.</summary>
    public void Remove(IPAddress address, IActorRef session) =>
        _routes.TryRemove(new KeyValuePair<uint, IActorRef>(Ipv4.ToUInt32(address), session));
}
