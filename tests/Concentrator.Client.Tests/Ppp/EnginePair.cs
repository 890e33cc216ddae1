using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Tests.Ppp;

/// <summary>Two negotiation engines wired back to back, no loss: what one sends the other receives, until both are quiet.</summary>
internal static class EnginePair
{
    public static (NegotiationEngine Client, NegotiationEngine Server) Open(ushort protocol, INegotiationPolicy client, INegotiationPolicy server)
    {
        var clientEngine = new NegotiationEngine(protocol, client);
        var serverEngine = new NegotiationEngine(protocol, server);
        var toServer = new Queue<ControlPacket>();
        var toClient = new Queue<ControlPacket>();
        Collect(clientEngine.Open(), toServer);
        Collect(clientEngine.Up(), toServer);
        Collect(serverEngine.Open(), toClient);
        Collect(serverEngine.Up(), toClient);
        for (var rounds = 0; rounds < 100 && (toServer.Count > 0 || toClient.Count > 0); rounds++)
        {
            if (toServer.TryDequeue(out var packet)) Collect(serverEngine.Receive(packet), toClient);
            if (toClient.TryDequeue(out packet)) Collect(clientEngine.Receive(packet), toServer);
        }

        return (clientEngine, serverEngine);
    }

    private static void Collect(IReadOnlyList<NegotiationOutput> outputs, Queue<ControlPacket> queue)
    {
        foreach (var output in outputs)
        {
            if (output is SendControlPacket send) queue.Enqueue(send.Packet);
        }
    }
}
