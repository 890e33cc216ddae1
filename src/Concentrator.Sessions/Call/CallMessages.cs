using Concentrator.Protocol.Pptp;

namespace Concentrator.Sessions.Call;

/// <summary>Tells a call to end: LCP Terminate to the peer, then <see cref="CallEnded"/> to its connection.</summary>
public sealed record HangUp(CallDisconnectResult Result, string Reason);

/// <summary>A call's last word to its control connection before it stops: what goes into the Call-Disconnect-Notify.</summary>
public sealed record CallEnded(ushort CallId, CallDisconnectResult Result, string Reason);
