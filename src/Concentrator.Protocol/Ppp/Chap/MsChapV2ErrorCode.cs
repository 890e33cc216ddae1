namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>The E= values of an MS-CHAPv2 Failure message (RFC 2759 §6). Other numbers may be received and are kept.</summary>
public enum MsChapV2ErrorCode
{
    RestrictedLogonHours = 646,
    AccountDisabled = 647,
    PasswordExpired = 648,
    NoDialinPermission = 649,
    AuthenticationFailure = 691,
    ChangingPassword = 709,
}
