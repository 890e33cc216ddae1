namespace Concentrator.Protocol.Pptp;

// Result and reason codes of the individual control messages. Values received on the wire
// that the RFC does not define are kept as they are (an undefined enum value), not rejected.

/// <summary>Result Code of Start-Control-Connection-Reply (RFC 2637 §2.2).</summary>
public enum StartControlConnectionResult : byte
{
    /// <summary>Successful channel establishment.</summary>
    Successful = 1,
    /// <summary>General error; the Error Code indicates the problem.</summary>
    GeneralError = 2,
    /// <summary>Command channel already exists.</summary>
    CommandChannelExists = 3,
    /// <summary>Requester is not authorized to establish a command channel.</summary>
    NotAuthorized = 4,
    /// <summary>The protocol version of the requester is not supported.</summary>
    ProtocolVersionNotSupported = 5,
}

/// <summary>Reason of Stop-Control-Connection-Request (RFC 2637 §2.3).</summary>
public enum StopControlConnectionReason : byte
{
    /// <summary>General request to clear the control connection.</summary>
    None = 1,
    /// <summary>Can't support the peer's version of the protocol.</summary>
    StopProtocol = 2,
    /// <summary>Requester is being shut down.</summary>
    StopLocalShutdown = 3,
}

/// <summary>Result Code of Stop-Control-Connection-Reply (RFC 2637 §2.4).</summary>
public enum StopControlConnectionResult : byte
{
    /// <summary>Control connection closed.</summary>
    Ok = 1,
    /// <summary>Control connection not closed for the reason in the Error Code.</summary>
    GeneralError = 2,
}

/// <summary>Result Code of Echo-Reply (RFC 2637 §2.6).</summary>
public enum EchoResult : byte
{
    /// <summary>The Echo-Reply is valid.</summary>
    Ok = 1,
    /// <summary>Echo-Request not accepted for the reason in the Error Code.</summary>
    GeneralError = 2,
}

/// <summary>Result Code of Outgoing-Call-Reply (RFC 2637 §2.8).</summary>
public enum OutgoingCallResult : byte
{
    /// <summary>Call established with no errors.</summary>
    Connected = 1,
    /// <summary>Outgoing call not established for the reason in the Error Code.</summary>
    GeneralError = 2,
    /// <summary>Outgoing call failed due to no carrier detected.</summary>
    NoCarrier = 3,
    /// <summary>Outgoing call failed due to detection of a busy signal.</summary>
    Busy = 4,
    /// <summary>Outgoing call failed due to lack of a dial tone.</summary>
    NoDialTone = 5,
    /// <summary>Outgoing call was not established within the time allotted by the PAC.</summary>
    TimeOut = 6,
    /// <summary>Outgoing call administratively prohibited.</summary>
    DoNotAccept = 7,
}

/// <summary>Result Code of Incoming-Call-Reply (RFC 2637 §2.10).</summary>
public enum IncomingCallResult : byte
{
    /// <summary>The PAC should answer the incoming call.</summary>
    Connect = 1,
    /// <summary>The incoming call should not be established for the reason in the Error Code.</summary>
    GeneralError = 2,
    /// <summary>The PAC should not accept the incoming call.</summary>
    DoNotAccept = 3,
}

/// <summary>Result Code of Call-Disconnect-Notify (RFC 2637 §2.13).</summary>
public enum CallDisconnectResult : byte
{
    /// <summary>Call disconnected due to loss of carrier.</summary>
    LostCarrier = 1,
    /// <summary>Call disconnected for the reason in the Error Code.</summary>
    GeneralError = 2,
    /// <summary>Call disconnected for administrative reasons.</summary>
    AdminShutdown = 3,
    /// <summary>Call disconnected due to a received Call-Clear-Request.</summary>
    Request = 4,
}
