namespace Concentrator.Client;

/// <summary>
/// Receives the decrypted IP packets of calls. Called on the GRE receive thread while the call's state is
/// held, so it must be quick: copy or process the packet, do not block. The span is valid only during the
/// call. It may call <see cref="PptpCall.SendIpPacket"/> (an echo responder), on any call.
/// </summary>
public interface IClientPacketSink
{
    void OnIpPacket(PptpCall call, ReadOnlySpan<byte> ipPacket);
}
