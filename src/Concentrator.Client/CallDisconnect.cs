using Concentrator.Protocol.Pptp;

namespace Concentrator.Client;

/// <summary>Why a call ended: the first of the events that ended it.</summary>
public enum DisconnectReason
{
    /// <summary>We hung up (HangUpAsync, DisposeAsync).</summary>
    HangUp = 0,

    /// <summary>Setup failed (see <see cref="PptpCall.Result"/>) and we ended the call.</summary>
    SetupFailed,

    /// <summary>The server sent Call-Disconnect-Notify (RFC 2637 §2.13).</summary>
    CallDisconnectNotify,

    /// <summary>The server terminated the PPP link (LCP, or an NCP, Terminate-Request) or renegotiated it.</summary>
    LinkTerminated,

    /// <summary>The server sent Stop-Control-Connection-Request (RFC 2637 §2.3).</summary>
    ControlStopped,

    /// <summary>The control connection closed, failed, or lost its framing.</summary>
    ControlLost,
}

/// <summary>How a call ended.</summary>
/// <param name="Reason">The first event that ended it.</param>
/// <param name="Detail">A sentence for people.</param>
/// <param name="Notify">The server's Call-Disconnect-Notify when one came (also after an LCP Terminate-Request):
/// its Result Code and Call Statistics text (RFC 2637 §2.13).</param>
public sealed record CallDisconnect(DisconnectReason Reason, string Detail, CallDisconnectNotify? Notify);
