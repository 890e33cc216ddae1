using Concentrator.Protocol.Mppe;

namespace Concentrator.Client.Ppp;

/// <summary>The negotiated MPPE variant (RFC 3078 §2).</summary>
public readonly record struct MppeMode(MppeKeyLength KeyLength, bool Stateless)
{
    public override string ToString() => $"MPPE {(int)KeyLength}-bit {(Stateless ? "stateless" : "stateful")}";
}
