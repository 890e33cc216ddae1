using System.Net.Sockets;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Node.Tests.Support;

/// <summary>TCP sockets made inside a test's network namespace, for our client and for HTTP clients.</summary>
internal static class NamespaceSockets
{
    /// <summary>An unconnected TCP socket that lives in namespace <paramref name="netns"/>.</summary>
    public static Socket NewTcpSocket(string netns) =>
        NetworkNamespace.Run(netns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    /// <summary>An HTTP handler whose connections are made from namespace <paramref name="netns"/>.</summary>
    public static SocketsHttpHandler HttpHandler(string netns) => new()
    {
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = NewTcpSocket(netns);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
