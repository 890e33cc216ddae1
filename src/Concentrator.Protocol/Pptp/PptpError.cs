namespace Concentrator.Protocol.Pptp;

/// <summary>Why a PPTP control message or TCP stream prefix was rejected.</summary>
public enum PptpError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The input is shorter than the header or than its Length field.</summary>
    Truncated,
    /// <summary>The input holds bytes beyond the message's Length field (the codec takes exactly one message).</summary>
    TrailingBytes,
    /// <summary>The Length field is below the 12-byte header or above <see cref="PptpFramer.MaxMessageLength"/>.
    /// A stream error: the connection must be closed.</summary>
    BadLength,
    /// <summary>The PPTP Message Type is not 1 (control message, RFC 2637 §1.4). A stream error.</summary>
    BadMessageType,
    /// <summary>The Magic Cookie is not 0x1A2B3C4D (RFC 2637 §1.4). A stream error.</summary>
    BadMagicCookie,
    /// <summary>The Control Message Type is not one of 1..15 (RFC 2637 §2).</summary>
    UnknownControlMessageType,
    /// <summary>The Length field differs from the fixed size RFC 2637 §2 defines for this control message type.</summary>
    WrongLengthForType,
}
