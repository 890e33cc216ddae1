namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>The Operation octet of the Callback option (RFC 1570 §2.3; 6 is Microsoft's CBCP).</summary>
public enum CallbackOperation : byte
{
    LocationFromAuthentication = 0,
    DialingString = 1,
    LocationIdentifier = 2,
    E164Number = 3,
    DistinguishedName = 4,

    /// <summary>Callback Control Protocol negotiated after authentication (what Windows clients send).</summary>
    CallbackControlProtocol = 6,
}
