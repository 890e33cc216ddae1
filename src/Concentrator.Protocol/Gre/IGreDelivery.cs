namespace Concentrator.Protocol.Gre;

/// <summary>
/// Receives the PPP frames a <see cref="GreSequencer"/> releases, in sequence order. The span is writable
/// (the owner may decrypt in place) and valid only during the call.
/// </summary>
public interface IGreDelivery
{
    void Deliver(Span<byte> pppFrame);
}
