namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>The sixteen events of the option negotiation automaton (RFC 1661 §4.3).</summary>
public enum PppEvent
{
    /// <summary>Up: the lower layer is up.</summary>
    Up,

    /// <summary>Down: the lower layer is down.</summary>
    Down,

    /// <summary>Open: administrative open.</summary>
    Open,

    /// <summary>Close: administrative close.</summary>
    Close,

    /// <summary>TO+: time-out with the restart counter above zero.</summary>
    TimeoutWithRetries,

    /// <summary>TO-: time-out with the restart counter expired.</summary>
    TimeoutExpired,

    /// <summary>RCR+: receive an acceptable Configure-Request.</summary>
    ReceiveGoodConfigureRequest,

    /// <summary>RCR-: receive an unacceptable Configure-Request.</summary>
    ReceiveBadConfigureRequest,

    /// <summary>RCA: receive Configure-Ack.</summary>
    ReceiveConfigureAck,

    /// <summary>RCN: receive Configure-Nak or Configure-Reject.</summary>
    ReceiveConfigureNakOrReject,

    /// <summary>RTR: receive Terminate-Request.</summary>
    ReceiveTerminateRequest,

    /// <summary>RTA: receive Terminate-Ack.</summary>
    ReceiveTerminateAck,

    /// <summary>RUC: receive a packet with an unknown code.</summary>
    ReceiveUnknownCode,

    /// <summary>RXJ+: receive a permitted Code-Reject or Protocol-Reject.</summary>
    ReceivePermittedReject,

    /// <summary>RXJ-: receive a catastrophic Code-Reject or Protocol-Reject.</summary>
    ReceiveCatastrophicReject,

    /// <summary>RXR: receive Echo-Request, Echo-Reply or Discard-Request.</summary>
    ReceiveEchoOrDiscard,
}
