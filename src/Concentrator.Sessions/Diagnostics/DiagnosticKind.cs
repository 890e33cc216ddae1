namespace Concentrator.Sessions.Diagnostics;

/// <summary>The things that go wrong for a client that an operator must be able to act on.</summary>
public enum DiagnosticKind
{
    /// <summary>The call was set up but no GRE arrived from the peer (Windows error 619).</summary>
    NoGre,
    /// <summary>Wrong password or unknown user (E=691).</summary>
    BadPassword,
    /// <summary>The user lacks "allow remote access via VPN" (E=649).</summary>
    NoVpnPermission,
    /// <summary>The account is disabled (E=647).</summary>
    AccountDisabled,
    /// <summary>The user directory or RADIUS could not answer.</summary>
    AuthBackendError,
    /// <summary>The client would not use MS-CHAPv2.</summary>
    AuthProtocolRefused,
    /// <summary>The client would not use MPPE as required (Windows error 742).</summary>
    EncryptionRefused,
    /// <summary>The client stopped answering LCP Echo-Requests.</summary>
    LcpEchoTimeout,
    /// <summary>The client stopped answering PPTP Echo-Requests on the control connection.</summary>
    ControlEchoTimeout,
    /// <summary>A connection from a banned source was refused.</summary>
    BannedSource,
    /// <summary>The brute-force guard banned a source.</summary>
    SourceBanned,
    /// <summary>PPTP logins are switched off.</summary>
    PptpDisabled,
    /// <summary>No address was left to give.</summary>
    PoolExhausted,
    /// <summary>A second session of a user was refused, or replaced the first.</summary>
    DuplicateSession,
    /// <summary>Negotiation did not finish in time.</summary>
    SetupTimeout,
    /// <summary>The peer broke the protocol (malformed messages, wrong state).</summary>
    ProtocolViolation,
    /// <summary>A part of the call failed; the call was ended.</summary>
    InternalError,
}
