namespace Concentrator.Client.Ppp;

/// <summary>How the client answers the server's CCP (RFC 1962) and MPPE (RFC 3078).</summary>
public enum ClientEncryption
{
    /// <summary>Negotiate MPPE with the offered bits and require it: no IP data without encryption.</summary>
    Mppe = 0,

    /// <summary>
    /// Fault injection: run CCP but Configure-Reject the MPPE option and ask for nothing. No IPCP is run:
    /// the call waits in the encryption step, and the server ending it is reported as
    /// <see cref="ConnectOutcome.EncryptionRefused"/> (it never connects).
    /// </summary>
    RejectMppe,

    /// <summary>
    /// Fault injection: do not speak CCP at all (LCP Protocol-Rejects it, RFC 1661 §5.7); as
    /// <see cref="RejectMppe"/>, no IPCP, and the server ending the call is <see cref="ConnectOutcome.EncryptionRefused"/>.
    /// </summary>
    RejectCcp,
}
