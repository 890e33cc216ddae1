using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Client.Ppp;

/// <summary>Why MS-CHAPv2 authentication failed (RFC 2759 §6, §8.8).</summary>
/// <param name="Error">The E= code of the server's Failure (691 wrong password, 649 no dial-in permission, 647 disabled…); null when there was none.</param>
/// <param name="RetryAllowed">R=1: the server offered another try (which we had no password left for).</param>
/// <param name="Message">The M= text of the Failure, or what went wrong.</param>
/// <param name="ServerNotAuthenticated">
/// The server's Success carried an authenticator response that does not prove it knows the password
/// (RFC 2759 §8.8): the mutual authentication failed and the client refused the link.
/// </param>
/// <param name="Attempts">Responses sent (1 + retries).</param>
public sealed record AuthFailure(MsChapV2ErrorCode? Error, bool RetryAllowed, string Message, bool ServerNotAuthenticated, int Attempts);
