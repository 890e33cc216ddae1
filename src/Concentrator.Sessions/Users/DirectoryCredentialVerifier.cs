using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Mppe;

namespace Concentrator.Sessions.Users;

/// <summary>
/// Checks MS-CHAPv2 responses against the NT hashes of a local <see cref="IUserDirectory"/>
/// (RFC 2759 §8.1–8.7) and derives the MPPE master keys (RFC 3079 §3.4). The password is checked
/// before the account's flags, so a wrong password never reveals whether an account exists or may
/// dial in.
/// </summary>
public sealed class DirectoryCredentialVerifier(IUserDirectory directory) : ICredentialVerifier
{
    public async Task<AuthResult> VerifyAsync(MsChapV2Attempt attempt, CancellationToken cancellationToken)
    {
        UserRecord? user;
        try
        {
            user = await directory.FindAsync(attempt.UserName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new AuthResult(AuthOutcome.BackendError);
        }
        if (user is null
            || !MsChapV2.VerifyNtResponse(user.NtHash, attempt.AuthenticatorChallenge, attempt.PeerChallenge, attempt.Name, attempt.NtResponse))
            return new AuthResult(AuthOutcome.BadPassword);
        if (user.Disabled) return new AuthResult(AuthOutcome.AccountDisabled, user.Name);
        if (!user.AllowVpn) return new AuthResult(AuthOutcome.NoVpnPermission, user.Name);

        var response = MsChapV2.GenerateAuthenticatorResponse(
            user.NtHash, attempt.NtResponse, attempt.PeerChallenge, attempt.AuthenticatorChallenge, attempt.Name);
        var keys = MppeMasterKeys.FromMsChapV2(user.NtHash, attempt.NtResponse, isServer: true);
        return new AuthResult(AuthOutcome.Success, user.Name, response, keys, user.StaticAddress);
    }
}
