using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Negotiation;

/// <summary>Helpers to read engine outputs in assertions.</summary>
internal static class Outputs
{
    /// <summary>The control packets sent, as hex.</summary>
    public static string[] Sent(IEnumerable<NegotiationOutput> outputs) =>
        outputs.OfType<SendControlPacket>().Select(send => Hex.Of(send.Packet.ToArray())).ToArray();

    /// <summary>Output kinds in order, packets shown by their code.</summary>
    public static string[] Kinds(IEnumerable<NegotiationOutput> outputs) =>
        outputs.Select(output => output switch
        {
            SendControlPacket send => "Send " + send.Packet.Code,
            LayerFinished finished => "LayerFinished " + finished.Reason,
            NegotiationFailed failed => "Failed " + failed.Reason,
            _ => output.GetType().Name,
        }).ToArray();
}
