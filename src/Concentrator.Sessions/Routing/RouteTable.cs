using System.Collections.Concurrent;
using System.Net;
using System.Buffers.Binary;
using Akka.Actor;

namespace Concentrator.Sessions.Routing;

/// <summary>
/// Tunnel address → the actor that carries that session's packets. TUN reader threads look up every
/// downstream packet here (lock-free reads); the routing actor is the only writer.
/// </summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<uint, IActorRef> _routes = new();

    public int Count => _routes.Count;

    /// <summary>Finds the session for a destination address given as in the IPv4 header (big-endian bytes read as one integer).</summary>
    public bool TryGet(uint destination, out IActorRef session) => _routes.TryGetValue(destination, out session!);

    public void Set(IPAddress address, IActorRef session) => _routes[Key(address)] = session;

    /// <summary>Removes the route if it still points to <paramref name="session"/>.</summary>
    public void Remove(IPAddress address, IActorRef session) =>
        _routes.TryRemove(new KeyValuePair<uint, IActorRef>(Key(address), session));

    /// <summary>The key of an address: its four bytes read big-endian, as <see cref="TryGet"/> expects.</summary>
    public static uint Key(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
