using System.Net;
using Concentrator.Protocol.Ip;

namespace Concentrator.Client.Transport;

/// <summary>Where an <see cref="InMemoryGreTransport"/> puts the packets the client sends.</summary>
public delegate void GreSendHandler(IPAddress server, ReadOnlySpan<byte> grePacket);

/// <summary>
/// A GRE transport without sockets, for tests: what the client sends goes to <see cref="Outbound"/>
/// (a scripted server, or an adapter into the server's actors), and <see cref="Deliver(uint, Span{byte})"/>
/// plays a packet from the server to the client, synchronously on the caller's thread.
/// </summary>
public sealed class InMemoryGreTransport : IClientGreTransport
{
    private readonly ClientGreDemux _demux = new();

    /// <summary>Receives every packet the client sends; packets are dropped while it is null.</summary>
    public GreSendHandler? Outbound { get; set; }

    /// <summary>The call ID table, with its counters.</summary>
    public ClientGreDemux Demux => _demux;

    public void Send(IPAddress server, ReadOnlySpan<byte> grePacket) => Outbound?.Invoke(server, grePacket);

    public bool TryRegister(IClientGreReceiver receiver, out ushort callId) => _demux.TryRegister(receiver, out callId);

    public void Unregister(ushort callId, IClientGreReceiver receiver) => _demux.Unregister(callId, receiver);

    /// <summary>Delivers a GRE packet from <paramref name="source"/>; it may be decrypted in place. False when no call takes it.</summary>
    public bool Deliver(uint source, Span<byte> grePacket) => _demux.Dispatch(source, grePacket);

    /// <inheritdoc cref="Deliver(uint, Span{byte})"/>
    public bool Deliver(IPAddress source, Span<byte> grePacket) => Deliver(Ipv4.ToUInt32(source), grePacket);
}
