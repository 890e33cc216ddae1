namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Framing bits (RFC 2637 §2.1 Framing Capabilities). The Framing Type fields of
/// Outgoing-Call-Request (§2.7) and Incoming-Call-Connected (§2.11) use the same encoding:
/// 1 asynchronous, 2 synchronous, 3 either.
/// </summary>
[Flags]
public enum FramingCapabilities : uint
{
    /// <summary>No framing bit set.</summary>
    None = 0,
    /// <summary>Asynchronous framing supported / requested.</summary>
    Asynchronous = 1,
    /// <summary>Synchronous framing supported / requested.</summary>
    Synchronous = 2,
}

/// <summary>
/// Bearer bits (RFC 2637 §2.1 Bearer Capabilities). The Bearer Type fields of
/// Outgoing-Call-Request (§2.7) and Incoming-Call-Request (§2.9) use the same encoding:
/// 1 analog, 2 digital, 3 any.
/// </summary>
[Flags]
public enum BearerCapabilities : uint
{
    /// <summary>No bearer bit set.</summary>
    None = 0,
    /// <summary>Analog access supported / analog channel.</summary>
    Analog = 1,
    /// <summary>Digital access supported / digital channel.</summary>
    Digital = 2,
}
