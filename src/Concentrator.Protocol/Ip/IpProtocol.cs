namespace Concentrator.Protocol.Ip;

/// <summary>IPv4 Protocol field values used by the concentrator (IANA protocol numbers).</summary>
public static class IpProtocol
{
    /// <summary>TCP (RFC 9293).</summary>
    public const byte Tcp = 6;

    /// <summary>GRE, the carrier of PPTP data (RFC 2637 §4, RFC 2784).</summary>
    public const byte Gre = 47;
}
