namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>Why a negotiation ended or can not succeed; distinct values so that a session can say why.</summary>
public enum NegotiationFailure
{
    None = 0,

    /// <summary>Max-Configure Configure-Requests went unanswered (TO- while negotiating, RFC 1661 §4.6).</summary>
    PeerNotResponding,

    /// <summary>The peer sent Terminate-Request on an opened layer.</summary>
    TerminatedByPeer,

    /// <summary>The peer Code-Rejected a code the automaton needs (RXJ-, RFC 1661 §5.6).</summary>
    CodeRejected,

    /// <summary>The peer Protocol-Rejected this protocol (RXJ-, RFC 1661 §5.7).</summary>
    ProtocolRejected,

    /// <summary>Still Nak-ing after Max-Failure with nothing left to Configure-Reject (RFC 1661 §4.6).</summary>
    NotConverging,

    /// <summary>LCP: the peer rejected or Nak-ed our Auth-Protocol CHAP/MS-CHAPv2 (asks for PAP, CHAP-MD5, EAP…).</summary>
    PeerRefusesMsChapV2,

    /// <summary>CCP: the peer offers no MPPE strength we allow, or refuses MPPE (Windows error 742).</summary>
    EncryptionRefused,

    /// <summary>IPCP: the peer Nak-ed our own IP-Address with another one.</summary>
    LocalAddressRefused,
}
