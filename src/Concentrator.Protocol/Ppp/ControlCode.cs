namespace Concentrator.Protocol.Ppp;

/// <summary>
/// The Code field of LCP-like control packets (RFC 1661 §5). IPCP uses 1–7 (RFC 1332 §2), CCP 1–7 plus
/// 14/15 (RFC 1962 §2), LCP 1–11 plus 12/13 (RFC 1570 §2). Any other byte value is an unknown code.
/// </summary>
public enum ControlCode : byte
{
    ConfigureRequest = 1,
    ConfigureAck = 2,
    ConfigureNak = 3,
    ConfigureReject = 4,
    TerminateRequest = 5,
    TerminateAck = 6,
    CodeReject = 7,
    ProtocolReject = 8,
    EchoRequest = 9,
    EchoReply = 10,
    DiscardRequest = 11,

    /// <summary>LCP Identification (RFC 1570 §2.1).</summary>
    Identification = 12,

    /// <summary>LCP Time-Remaining (RFC 1570 §2.2).</summary>
    TimeRemaining = 13,

    /// <summary>CCP Reset-Request (RFC 1962 §2.1).</summary>
    ResetRequest = 14,

    /// <summary>CCP Reset-Ack (RFC 1962 §2.1).</summary>
    ResetAck = 15,
}
