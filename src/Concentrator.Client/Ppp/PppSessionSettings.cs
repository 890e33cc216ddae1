using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Ppp;

/// <summary>Everything one client PPP session needs to know.</summary>
internal sealed record PppSessionSettings(
    string UserName,
    IReadOnlyList<string> Passwords,
    ClientLcpSettings Lcp,
    ClientIpcpSettings Ipcp,
    ClientEncryption Encryption,
    MppeBits MppeOffer,
    NegotiationSettings Negotiation,
    Action<Span<byte>> Random);
