namespace Concentrator.Client;

/// <summary>Where a call stands.</summary>
public enum CallState
{
    /// <summary>Outgoing-Call-Request sent, waiting for the reply.</summary>
    Dialing = 0,

    /// <summary>PPP is being set up (LCP, MS-CHAPv2, CCP, IPCP).</summary>
    Negotiating,

    /// <summary>IP data flows.</summary>
    Connected,

    /// <summary>Ending: LCP Terminate, Call-Clear-Request, waiting for the server.</summary>
    Disconnecting,

    /// <summary>Over; see <see cref="PptpCall.Disconnected"/>.</summary>
    Disconnected,
}
