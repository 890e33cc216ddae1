using System.Net;
using System.Net.Sockets;

namespace Concentrator.Client.Transport;

/// <summary>Opens the byte stream of one PPTP control connection (RFC 2637 §1.3: TCP port 1723).</summary>
public delegate ValueTask<Stream> ControlStreamFactory(CancellationToken cancellationToken);

/// <summary>Factories for control connection streams.</summary>
public static class ControlStreams
{
    /// <summary>The PPTP control port (RFC 2637 §1.3).</summary>
    public const int PptpPort = 1723;

    /// <summary>A new TCP connection to <paramref name="server"/> for every control connection, optionally from <paramref name="localAddress"/>.</summary>
    /// <param name="newSocket">Makes the unconnected TCP socket (e.g. inside a network namespace); a plain one when null.</param>
    public static ControlStreamFactory Tcp(IPEndPoint server, IPAddress? localAddress = null, Func<Socket>? newSocket = null) => async cancellationToken =>
    {
        var socket = newSocket?.Invoke() ?? new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (localAddress is not null) socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
