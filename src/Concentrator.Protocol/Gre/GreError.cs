namespace Concentrator.Protocol.Gre;

/// <summary>Why a received packet is not a valid PPTP enhanced GRE packet (RFC 2637 §4.1).</summary>
public enum GreError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>Shorter than the GRE header its flags announce.</summary>
    Truncated,
    /// <summary>Ver is not 1 (enhanced GRE).</summary>
    BadVersion,
    /// <summary>Protocol Type is not 0x880B (PPP).</summary>
    BadProtocolType,
    /// <summary>K (key present) is not set; PPTP always carries the key.</summary>
    KeyNotPresent,
    /// <summary>C, R, s or Recur is set; RFC 2637 §4.1 requires them to be zero.</summary>
    UnsupportedFlags,
    /// <summary>The key's Payload Length reaches beyond the bytes received.</summary>
    PayloadLengthExceedsPacket,
    /// <summary>Outer IPv4 header: fewer than 20 bytes.</summary>
    Ipv4Truncated,
    /// <summary>Outer IPv4 header: Version is not 4.</summary>
    Ipv4BadVersion,
    /// <summary>Outer IPv4 header: IHL below 5 or beyond the packet.</summary>
    Ipv4BadHeaderLength,
    /// <summary>Outer IPv4 header: Total Length differs from the bytes received.</summary>
    Ipv4TotalLengthMismatch,
    /// <summary>Outer IPv4 packet is a fragment; the kernel reassembles before the raw socket sees it.</summary>
    Ipv4Fragment,
    /// <summary>Outer IPv4 Protocol is not 47 (GRE).</summary>
    NotGre,
}
