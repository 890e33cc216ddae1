namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>The actions of the option negotiation automaton (RFC 1661 §4.4); a transition may take several.</summary>
[Flags]
public enum PppActions
{
    None = 0,

    /// <summary>tlu: This-Layer-Up.</summary>
    ThisLayerUp = 1 << 0,

    /// <summary>tld: This-Layer-Down.</summary>
    ThisLayerDown = 1 << 1,

    /// <summary>tls: This-Layer-Started.</summary>
    ThisLayerStarted = 1 << 2,

    /// <summary>tlf: This-Layer-Finished.</summary>
    ThisLayerFinished = 1 << 3,

    /// <summary>irc: Initialize-Restart-Count.</summary>
    InitializeRestartCount = 1 << 4,

    /// <summary>zrc: Zero-Restart-Count.</summary>
    ZeroRestartCount = 1 << 5,

    /// <summary>scr: Send-Configure-Request.</summary>
    SendConfigureRequest = 1 << 6,

    /// <summary>sca: Send-Configure-Ack.</summary>
    SendConfigureAck = 1 << 7,

    /// <summary>scn: Send-Configure-Nak/Rej.</summary>
    SendConfigureNakOrReject = 1 << 8,

    /// <summary>str: Send-Terminate-Request.</summary>
    SendTerminateRequest = 1 << 9,

    /// <summary>sta: Send-Terminate-Ack.</summary>
    SendTerminateAck = 1 << 10,

    /// <summary>scj: Send-Code-Reject.</summary>
    SendCodeReject = 1 << 11,

    /// <summary>ser: Send-Echo-Reply.</summary>
    SendEchoReply = 1 << 12,
}
