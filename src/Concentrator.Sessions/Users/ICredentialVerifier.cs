using System.Net;

namespace Concentrator.Sessions.Users;

/// <summary>One MS-CHAPv2 Response from a peer, with everything needed to check it (RFC 2759 §8).</summary>
/// <param name="UserName">The name from the CHAP Response packet, as sent (may carry a DOMAIN\ prefix).</param>
/// <param name="AuthenticatorChallenge">Our 16-byte challenge.</param>
/// <param name="PeerChallenge">The peer's 16-byte challenge.</param>
/// <param name="NtResponse">The peer's 24-byte NT-Response.</param>
/// <param name="Source">The client's public address, for the brute-force guard and RADIUS.</param>
public sealed record MsChapV2Attempt(
    string UserName, byte[] AuthenticatorChallenge, byte[] PeerChallenge, byte[] NtResponse, IPAddress Source);

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
/// <param name="AuthenticatorResponse">The 20-byte authenticator response (RFC 2759 §8.7) on success.</param>
/// <param name="MasterKeySource">On success, the PasswordHashHash from which MPPE keys derive (RFC 3079 §3.4);
/// a RADIUS backend hands the keys themselves in <paramref name="MppeKeys"/> instead.</param>
/// <param name="MppeKeys">Send and receive keys given by a backend (RFC 2548 MS-MPPE-Send-Key/Recv-Key), or null.</param>
/// <param name="StaticAddress">An address reserved for this user, or null.</param>
public sealed record AuthResult(
    AuthOutcome Outcome,
    string? UserName = null,
    byte[]? AuthenticatorResponse = null,
    byte[]? MasterKeySource = null,
    MppeKeyPair? MppeKeys = null,
    IPAddress? StaticAddress = null);

/// <summary>MPPE start keys from the server's point of view.</summary>
public sealed record MppeKeyPair(byte[] SendKey, byte[] ReceiveKey);

/// <summary>
/// Checks MS-CHAPv2 responses. The local implementation looks users up in an <see cref="IUserDirectory"/>;
/// a RADIUS backend would implement this directly and hand back the MPPE keys.
/// </summary>
public interface ICredentialVerifier
{
    Task<AuthResult> VerifyAsync(MsChapV2Attempt attempt, CancellationToken cancellationToken);
}
