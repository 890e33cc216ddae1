using System.Net;
using System.Text;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Mppe;

namespace Concentrator.Sessions.Users;

/// <summary>One MS-CHAPv2 Response from a peer, with everything needed to check it (RFC 2759 §8).</summary>
/// <param name="Name">The Name field of the CHAP Response, as sent (it may carry a "DOMAIN\" prefix).</param>
/// <param name="AuthenticatorChallenge">Our 16-byte challenge.</param>
/// <param name="PeerChallenge">The peer's 16-byte challenge.</param>
/// <param name="NtResponse">The peer's 24-byte NT-Response.</param>
/// <param name="Source">The client's public address, for the brute-force guard and RADIUS.</param>
public sealed record MsChapV2Attempt(
    byte[] Name, byte[] AuthenticatorChallenge, byte[] PeerChallenge, byte[] NtResponse, IPAddress Source)
{
    /// <summary>The login name: the Name field without a domain prefix (RFC 2759 §4), as text.</summary>
    public string UserName => Encoding.UTF8.GetString(MsChapV2.StripDomain(Name));
}

/// <summary>How an authentication attempt ended; each maps to an RFC 2759 §6 failure code.</summary>
public enum AuthOutcome
{
    Success,
    /// <summary>Unknown user or wrong password: E=691 (not told apart, so names cannot be probed).</summary>
    BadPassword,
    /// <summary>Right password, but the user may not dial in: E=649.</summary>
    NoVpnPermission,
    /// <summary>Account disabled: E=647.</summary>
    AccountDisabled,
    /// <summary>The directory could not answer (database down, RADIUS timeout): E=691, logged as an error.</summary>
    BackendError,
}

/// <summary>The verdict on one attempt.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="UserName">The canonical user name (the session's identity for policy) on success.</param>
/// <param name="AuthenticatorResponse">On success, the 42-character "S=…" authenticator response (RFC 2759 §8.7).</param>
/// <param name="MppeKeys">On success, the MPPE master keys from the server's point of view: derived from the
/// NT hash and NT-Response (RFC 3079 §3.4), or handed over by a RADIUS backend (RFC 2548 MS-MPPE-Send-Key/Recv-Key).</param>
/// <param name="StaticAddress">An address reserved for this user, or null.</param>
public sealed record AuthResult(
    AuthOutcome Outcome,
    string? UserName = null,
    string? AuthenticatorResponse = null,
    MppeMasterKeys? MppeKeys = null,
    IPAddress? StaticAddress = null);

/// <summary>
/// Checks MS-CHAPv2 responses. The local implementation looks users up in an <see cref="IUserDirectory"/>;
/// a RADIUS backend would implement this directly and hand back the MPPE keys.
/// </summary>
public interface ICredentialVerifier
{
    Task<AuthResult> VerifyAsync(MsChapV2Attempt attempt, CancellationToken cancellationToken);
}
