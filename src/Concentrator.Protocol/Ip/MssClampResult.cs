namespace Concentrator.Protocol.Ip;

/// <summary>What <see cref="Ipv4Mss.Clamp"/> did to a packet. Only <see cref="Clamped"/> modified it.</summary>
public enum MssClampResult
{
    /// <summary>A TCP SYN whose MSS option was lowered to the limit; the TCP checksum was updated.</summary>
    Clamped = 0,
    /// <summary>A TCP SYN whose MSS option is already at or below the limit.</summary>
    WithinLimit,
    /// <summary>A TCP SYN without an MSS option.</summary>
    NoMssOption,
    /// <summary>A TCP segment without the SYN flag.</summary>
    NotSyn,
    /// <summary>Not a TCP packet.</summary>
    NotTcp,
    /// <summary>An IP fragment; left alone.</summary>
    Fragment,
    /// <summary>Not a well-formed IPv4 packet, or a TCP header or option list that does not parse.</summary>
    Malformed,
}
