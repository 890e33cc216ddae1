namespace Concentrator.Protocol.Ip;

/// <summary>Why bytes are not a well-formed IPv4 packet (RFC 791 §3.1).</summary>
public enum Ipv4Error
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>Fewer than the 20 bytes of a minimal IPv4 header.</summary>
    Truncated,
    /// <summary>The Version field is not 4.</summary>
    BadVersion,
    /// <summary>IHL below 5, or a header longer than the packet's Total Length.</summary>
    BadHeaderLength,
    /// <summary>Total Length differs from the number of bytes given.</summary>
    TotalLengthMismatch,
}
