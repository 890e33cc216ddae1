using Concentrator.Protocol.Mppe;

namespace Concentrator.Client.Ppp;

/// <summary>
/// What a <see cref="PppClientSession"/> asks of its owner (the call). Called synchronously from inside the
/// session's methods, so an implementation only sends or records: it must not call back into the session.
/// </summary>
internal interface IPppSessionHost
{
    /// <summary>Send this PPP frame (header and control packet) to the server in GRE.</summary>
    void SendFrame(ReadOnlySpan<byte> frame);

    /// <summary>The link is up: CCP and IPCP are Opened.</summary>
    void OnUp(SessionUp up);

    /// <summary>Setup cannot succeed; the owner closes the link.</summary>
    void OnSetupFailed(ConnectOutcome outcome, SetupPhase phase, string detail, AuthFailure? authFailure);

    /// <summary>After <see cref="OnUp"/>: the server took the link down (LCP or an NCP terminated or renegotiated).</summary>
    void OnLinkDown(string detail);

    /// <summary>Our LCP Terminate-Request was answered or gave up (RFC 1661 §3.7): the link is closed.</summary>
    void OnLinkClosed();

    /// <summary>CCP Reset-Request from the server (stateful MPPE, RFC 3078 §8.2): flush the encryptor.</summary>
    void OnResetRequest();
}

/// <summary>What the link agreed on.</summary>
/// <param name="Keys">The client's MPPE master keys from MS-CHAPv2 (RFC 3079 §3).</param>
/// <param name="Encryption">The MPPE variant CCP agreed on.</param>
internal sealed record SessionUp(
    IpcpResult Network,
    MppeMasterKeys Keys,
    MppeMode Encryption,
    ushort PeerMru,
    bool AddressControlCompression,
    bool ProtocolCompression);
