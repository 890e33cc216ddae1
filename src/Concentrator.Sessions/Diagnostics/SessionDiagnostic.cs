using System.Net;

namespace Concentrator.Sessions.Diagnostics;

/// <summary>
/// One event an operator must see, published on the actor system's event stream: the node logs it as
/// one structured line ("what happened — what to do") and counts it. Tests subscribe to it.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Peer">The client's public address.</param>
/// <param name="CallId">Our call ID (0 before a call exists).</param>
/// <param name="User">The user, when known.</param>
/// <param name="Message">What happened, with the facts.</param>
/// <param name="Hint">What to do about it.</param>
public sealed record SessionDiagnostic(
    DiagnosticKind Kind, IPAddress Peer, ushort CallId, string? User, string Message, string Hint)
{
    public override string ToString() => $"{Message} — {Hint}";
}
