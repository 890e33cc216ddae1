using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Concentrator.Protocol.Ip;

namespace Concentrator.Sessions.DataPath;

/// <summary>
/// (peer address, our call ID) → the actor that carries that call's GRE packets (RFC 2637 §4.1: the
/// key of a received packet holds the call ID we gave the peer). The GRE receive loop looks up every
/// packet here without locks; call actors register and unregister themselves.
/// </summary>
public sealed class GreDemux
{
    private readonly ConcurrentDictionary<ulong, IActorRef> _calls = new();

    public int Count => _calls.Count;

    public void Register(IPAddress peer, ushort callId, IActorRef actor) => _calls[Key(Ipv4.ToUInt32(peer), callId)] = actor;

    public void Unregister(IPAddress peer, ushort callId, IActorRef actor) =>
        _calls.TryRemove(new KeyValuePair<ulong, IActorRef>(Key(Ipv4.ToUInt32(peer), callId), actor));

    /// <param name="peer">The source address as read from the IPv4 header (host order, see <see cref="Ipv4"/>).</param>
    /// <param name="callId">The call ID from the GRE key.</param>
    public bool TryGet(uint peer, ushort callId, out IActorRef actor) => _calls.TryGetValue(Key(peer, callId), out actor!);

    private static ulong Key(uint peer, ushort callId) => ((ulong)peer << 16) | callId;
}
