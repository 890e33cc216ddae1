namespace Concentrator.Protocol.Ppp;

/// <summary>Why an LCP/IPCP/CCP control packet, or a part of one, could not be decoded.</summary>
public enum ControlPacketError
{
    None = 0,

    /// <summary>Fewer than the four header octets (RFC 1661 §5).</summary>
    TruncatedHeader,

    /// <summary>The Length field is below four, the header's own size.</summary>
    LengthTooSmall,

    /// <summary>The Length field claims more octets than were received.</summary>
    LengthExceedsInput,

    /// <summary>A typed decoder was given a packet with a different Code.</summary>
    UnexpectedCode,

    /// <summary>An option list ends inside an option's Type/Length header.</summary>
    TruncatedOption,

    /// <summary>An option's Length field is below two (RFC 1661 §6).</summary>
    OptionLengthTooSmall,

    /// <summary>An option's Length field runs past the end of the packet.</summary>
    OptionOverrun,

    /// <summary>The Data field is shorter than the fixed fields of this packet type.</summary>
    TruncatedData,
}
