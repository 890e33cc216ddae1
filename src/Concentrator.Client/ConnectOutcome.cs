namespace Concentrator.Client;

/// <summary>How an attempt to set up a call ended.</summary>
public enum ConnectOutcome
{
    /// <summary>LCP, MS-CHAPv2, CCP/MPPE and IPCP are up: IP data flows.</summary>
    Connected = 0,

    /// <summary>The control connection could not be opened at all (TCP 1723 refused or unreachable).</summary>
    Unreachable,

    /// <summary>The server refused the control connection (Start-Control-Connection-Reply result other than 1, RFC 2637 §2.2).</summary>
    ControlRefused,

    /// <summary>The server refused the call (Outgoing-Call-Reply result other than 1, RFC 2637 §2.8).</summary>
    CallRefused,

    /// <summary>MS-CHAPv2 failed: a Failure (E= code in <see cref="ConnectResult.AuthFailure"/>) or a server that did not prove the password.</summary>
    AuthFailed,

    /// <summary>No MPPE variant was agreed (the server's or our refusal; Windows error 741/742).</summary>
    EncryptionRefused,

    /// <summary>A step got no answer in time (see <see cref="ConnectResult.Phase"/>; no LCP answer means GRE is blocked, Windows error 619).</summary>
    Timeout,

    /// <summary>The server ended the call or the control connection during setup (Call-Disconnect-Notify, LCP Terminate-Request, TCP close).</summary>
    Disconnected,

    /// <summary>The server broke the protocol (framing errors, an option set we cannot work with).</summary>
    ProtocolError,
}

/// <summary>The steps of a call's setup, in order; a failed setup names the one it ended in.</summary>
public enum SetupPhase
{
    /// <summary>Opening the TCP control connection.</summary>
    Transport = 0,

    /// <summary>Start-Control-Connection-Request/Reply (RFC 2637 §2.1, §2.2).</summary>
    Control,

    /// <summary>Outgoing-Call-Request/Reply (RFC 2637 §2.7, §2.8).</summary>
    Call,

    /// <summary>LCP link establishment (RFC 1661).</summary>
    Lcp,

    /// <summary>MS-CHAPv2 (RFC 2759).</summary>
    Authentication,

    /// <summary>CCP and MPPE (RFC 1962, RFC 3078).</summary>
    Encryption,

    /// <summary>IPCP (RFC 1332).</summary>
    Network,

    /// <summary>Set up.</summary>
    Connected,
}
