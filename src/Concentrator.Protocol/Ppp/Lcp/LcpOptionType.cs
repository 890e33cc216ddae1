namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>LCP Configuration Option types (RFC 1661 §6, RFC 1570 §2.3, RFC 1990 §5.1).</summary>
public enum LcpOptionType : byte
{
    MaximumReceiveUnit = 1,
    AsyncControlCharacterMap = 2,
    AuthenticationProtocol = 3,
    QualityProtocol = 4,
    MagicNumber = 5,
    ProtocolFieldCompression = 7,
    AddressControlFieldCompression = 8,

    /// <summary>RFC 1570 §2.3.</summary>
    Callback = 13,

    /// <summary>Multilink Maximum Received Reconstructed Unit (RFC 1990 §5.1.1).</summary>
    MultilinkMrru = 17,

    /// <summary>RFC 1990 §5.1.3.</summary>
    EndpointDiscriminator = 19,
}
