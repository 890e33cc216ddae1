namespace Concentrator.Protocol.Ppp.Ipcp;

/// <summary>IPCP Configuration Option types (RFC 1332 §3, RFC 1877 §1).</summary>
public enum IpcpOptionType : byte
{
    /// <summary>Deprecated (RFC 1332 §3.1): source and destination address in one option.</summary>
    IpAddresses = 1,

    /// <summary>RFC 1332 §3.2 (Van Jacobson: 0x002D).</summary>
    IpCompressionProtocol = 2,

    /// <summary>RFC 1332 §3.3.</summary>
    IpAddress = 3,

    /// <summary>RFC 1877 §1.1.</summary>
    PrimaryDns = 129,

    /// <summary>RFC 1877 §1.2.</summary>
    PrimaryNbns = 130,

    /// <summary>RFC 1877 §1.3.</summary>
    SecondaryDns = 131,

    /// <summary>RFC 1877 §1.4.</summary>
    SecondaryNbns = 132,
}
