namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>Why a CHAP packet carrying MS-CHAPv2 values could not be decoded.</summary>
public enum ChapError
{
    None = 0,

    /// <summary>Fewer than the four header octets (RFC 1994 §4).</summary>
    TruncatedHeader,

    /// <summary>The Length field is below four.</summary>
    LengthTooSmall,

    /// <summary>The Length field claims more octets than were received.</summary>
    LengthExceedsInput,

    /// <summary>A Code other than 1–4.</summary>
    UnknownCode,

    /// <summary>A Challenge or Response without its Value-Size octet.</summary>
    MissingValueSize,

    /// <summary>The Value-Size runs past the end of the packet.</summary>
    ValueOverrun,

    /// <summary>MS-CHAPv2 Value-Size is 16 in a Challenge and 49 in a Response (RFC 2759 §3, §4).</summary>
    WrongValueSize,

    /// <summary>The eight Reserved octets of an MS-CHAPv2 Response are not zero (RFC 2759 §4).</summary>
    ReservedNotZero,
}
