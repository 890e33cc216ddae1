namespace Concentrator.Protocol.Ppp;

/// <summary>Why a PPP frame could not be decoded.</summary>
public enum PppFrameError
{
    None = 0,

    /// <summary>The frame holds no Protocol field at all.</summary>
    Empty,

    /// <summary>The first Protocol octet is even (RFC 1661 §2: not compressed) but no second octet follows.</summary>
    TruncatedProtocol,

    /// <summary>
    /// The two-octet Protocol field breaks RFC 1661 §2: the least significant octet must be odd
    /// and the most significant octet must be even.
    /// </summary>
    InvalidProtocol,
}
