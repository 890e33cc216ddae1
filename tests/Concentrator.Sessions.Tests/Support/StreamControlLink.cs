using System.Net;
using Akka.Actor;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>The server end of an in-memory control connection: what TcpControlLink is over TCP.</summary>
public sealed class StreamControlLink(InMemoryDuplexStream stream, IPEndPoint remote, IPEndPoint local) : IControlLink
{
    public IPEndPoint Remote { get; } = remote;
    public IPEndPoint Local { get; } = local;

    /// <summary>While true, bytes from the client are swallowed (a client that stops answering on TCP 1723).</summary>
    public volatile bool Muted;

    private readonly List<PptpMessage> _sent = new();

    /// <summary>The control messages the server has sent the client, in order.</summary>
    public IReadOnlyList<PptpMessage> Sent
    {
        get
        {
            lock (_sent) return _sent.ToList();
        }
    }

    /// <summary>Writes to the client; the connection actor sends one whole message per call.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        if (PptpCodec.TryDecode(bytes, out var message, out _))
        {
            lock (_sent) _sent.Add(message);
        }
        stream.Write(bytes);
    }

    public void Close() => stream.CompleteWrites();

    /// <summary>Reads from the client and tells the connection actor, as TcpControlLink's read loop does.</summary>
    public async Task PumpAsync(IActorRef connection)
    {
        var buffer = new byte[4096];
        while (true)
        {
            int count;
            try
            {
                count = await stream.ReadAsync(buffer);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                count = 0;
            }
            if (count == 0)
            {
                connection.Tell(new ControlLinkClosed("the client closed the connection"));
                return;
            }
            if (!Muted) connection.Tell(new ControlBytesReceived(buffer.AsSpan(0, count).ToArray(), count));
        }
    }
}
