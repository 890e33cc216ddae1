using System.Globalization;
using System.Text;

namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>
/// The Message of an MS-CHAPv2 Failure packet (RFC 2759 §6):
/// "E=eeeeeeeeee R=r C=cccccccccccccccccccccccccccccccc V=vvvvvvvvvv M=&lt;msg&gt;".
/// </summary>
/// <param name="Error">E=: decimal error code.</param>
/// <param name="RetryAllowed">R=: '1' when the peer may retry with new credentials.</param>
/// <param name="Challenge">C=: the 16-octet challenge for a retry; empty only when a peer omitted it.</param>
/// <param name="Version">V=: the password-change protocol version (3 for MS-CHAPv2).</param>
/// <param name="Message">M=: human-readable text.</param>
public sealed record MsChapV2FailureMessage(MsChapV2ErrorCode Error, bool RetryAllowed, ReadOnlyMemory<byte> Challenge, int Version, string Message)
{
    public const int ChallengeLength = 16;

    /// <summary>RFC 2759 §6: "For MS-CHAP-V2, this value SHOULD always be 3."</summary>
    public const int MsChapV2Version = 3;

    /// <exception cref="ArgumentException">Neither empty nor 16 octets.</exception>
    public ReadOnlyMemory<byte> Challenge { get; init; } =
        Challenge.IsEmpty || Challenge.Length == ChallengeLength
            ? Challenge
            : throw new ArgumentException("The challenge is 16 octets.", nameof(Challenge));

    /// <summary>
    /// Parses liberally: fields in any order; E= required; R= defaults to no retry, C= to empty,
    /// V= to 0 and M= to empty text when missing.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out MsChapV2FailureMessage parsed, out MsChapV2MessageError error) =>
        TryParse(Encoding.UTF8.GetString(message), out parsed, out error);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, out MsChapV2FailureMessage, out MsChapV2MessageError)"/>
    public static bool TryParse(string message, out MsChapV2FailureMessage parsed, out MsChapV2MessageError error)
    {
        parsed = new MsChapV2FailureMessage(0, false, ReadOnlyMemory<byte>.Empty, 0, string.Empty);
        var fields = MsChapV2MessageFields.Split(message);
        if (!fields.TryGetValue('E', out var code))
        {
            error = MsChapV2MessageError.MissingErrorCode;
            return false;
        }

        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var errorCode))
        {
            error = MsChapV2MessageError.BadErrorCode;
            return false;
        }

        var retry = false;
        if (fields.TryGetValue('R', out var retryText))
        {
            if (retryText is not ("0" or "1"))
            {
                error = MsChapV2MessageError.BadRetryFlag;
                return false;
            }

            retry = retryText == "1";
        }

        var challenge = ReadOnlyMemory<byte>.Empty;
        if (fields.TryGetValue('C', out var challengeText))
        {
            var bytes = new byte[ChallengeLength];
            if (!MsChapV2MessageFields.TryParseHex(challengeText, bytes))
            {
                error = MsChapV2MessageError.BadChallenge;
                return false;
            }

            challenge = bytes;
        }

        var version = 0;
        if (fields.TryGetValue('V', out var versionText)
            && !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            error = MsChapV2MessageError.BadVersion;
            return false;
        }

        parsed = new MsChapV2FailureMessage((MsChapV2ErrorCode)errorCode, retry, challenge, version, fields.GetValueOrDefault('M', string.Empty));
        error = MsChapV2MessageError.None;
        return true;
    }

    /// <summary>
    /// Formats as RFC 2759 §6: "E=691 R=0 C=&lt;32 uppercase hex&gt; V=3 M=text". C= is left out only when
    /// <see cref="Challenge"/> is empty (a parsed message from a peer that omitted it).
    /// </summary>
    public string Format()
    {
        var challenge = Challenge.IsEmpty ? string.Empty : $" C={Convert.ToHexString(Challenge.Span)}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"E={(int)Error} R={(RetryAllowed ? 1 : 0)}{challenge} V={Version} M={Message}");
    }

    /// <summary><see cref="Format"/> as UTF-8 octets, ready for <see cref="ChapFailurePacket"/>.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Format());
}
