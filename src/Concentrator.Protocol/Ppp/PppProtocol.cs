namespace Concentrator.Protocol.Ppp;

/// <summary>PPP Protocol field values (RFC 1661 §2, IANA "PPP DLL Protocol Numbers").</summary>
public static class PppProtocol
{
    /// <summary>Internet Protocol version 4 (RFC 1332).</summary>
    public const ushort Ip = 0x0021;

    /// <summary>Van Jacobson compressed TCP/IP (RFC 1144); the value of the IPCP IP-Compression-Protocol option.</summary>
    public const ushort VanJacobsonCompressedTcp = 0x002D;

    /// <summary>Van Jacobson uncompressed TCP/IP (RFC 1144).</summary>
    public const ushort VanJacobsonUncompressedTcp = 0x002F;

    /// <summary>Multilink PPP (RFC 1990).</summary>
    public const ushort Multilink = 0x003D;

    /// <summary>Internet Protocol version 6 (RFC 5072).</summary>
    public const ushort Ipv6 = 0x0057;

    /// <summary>Compressed (here: MPPE-encrypted) datagram (RFC 1962 §1, RFC 3078 §3).</summary>
    public const ushort CompressedDatagram = 0x00FD;

    /// <summary>IP Control Protocol (RFC 1332).</summary>
    public const ushort Ipcp = 0x8021;

    /// <summary>IPv6 Control Protocol (RFC 5072).</summary>
    public const ushort Ipv6cp = 0x8057;

    /// <summary>Compression Control Protocol (RFC 1962).</summary>
    public const ushort Ccp = 0x80FD;

    /// <summary>Link Control Protocol (RFC 1661).</summary>
    public const ushort Lcp = 0xC021;

    /// <summary>Password Authentication Protocol (RFC 1334).</summary>
    public const ushort Pap = 0xC023;

    /// <summary>Link Quality Report (RFC 1989).</summary>
    public const ushort LinkQualityReport = 0xC025;

    /// <summary>Microsoft Callback Control Protocol (CBCP).</summary>
    public const ushort Cbcp = 0xC029;

    /// <summary>Challenge Handshake Authentication Protocol (RFC 1994).</summary>
    public const ushort Chap = 0xC223;

    /// <summary>Extensible Authentication Protocol (RFC 3748).</summary>
    public const ushort Eap = 0xC227;
}
