namespace Concentrator.Protocol.Gre;

/// <summary>Receives the PPP frames a <see cref="GreSequencer"/> releases, in sequence order.</summary>
public interface IGreDelivery
{
    void Deliver(ReadOnlySpan<byte> pppFrame);
}
