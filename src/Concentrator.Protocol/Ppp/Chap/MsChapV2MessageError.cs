namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>Why an MS-CHAPv2 Success or Failure message string could not be parsed.</summary>
public enum MsChapV2MessageError
{
    None = 0,

    /// <summary>A Success message without S=.</summary>
    MissingAuthenticatorResponse,

    /// <summary>S= is not 40 hexadecimal digits (RFC 2759 §5).</summary>
    BadAuthenticatorResponse,

    /// <summary>A Failure message without E=.</summary>
    MissingErrorCode,

    /// <summary>E= is not a decimal number.</summary>
    BadErrorCode,

    /// <summary>R= is neither 0 nor 1.</summary>
    BadRetryFlag,

    /// <summary>C= is not 32 hexadecimal digits (RFC 2759 §6).</summary>
    BadChallenge,

    /// <summary>V= is not a decimal number.</summary>
    BadVersion,
}
