using System.Text;

namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>
/// The Message of an MS-CHAPv2 Success packet (RFC 2759 §5): "S=&lt;auth_string&gt; M=&lt;message&gt;",
/// auth_string being the 20-octet Authenticator Response as 40 uppercase hexadecimal digits.
/// </summary>
public sealed record MsChapV2SuccessMessage(ReadOnlyMemory<byte> AuthenticatorResponse, string Message)
{
    public const int AuthenticatorResponseLength = 20;

    /// <exception cref="ArgumentException">Not exactly 20 octets.</exception>
    public ReadOnlyMemory<byte> AuthenticatorResponse { get; init; } =
        AuthenticatorResponse.Length == AuthenticatorResponseLength
            ? AuthenticatorResponse
            : throw new ArgumentException("The Authenticator Response is 20 octets.", nameof(AuthenticatorResponse));

    /// <summary>Parses liberally: S= is required, M= optional (empty when missing).</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out MsChapV2SuccessMessage parsed, out MsChapV2MessageError error) =>
        TryParse(Encoding.UTF8.GetString(message), out parsed, out error);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, out MsChapV2SuccessMessage, out MsChapV2MessageError)"/>
    public static bool TryParse(string message, out MsChapV2SuccessMessage parsed, out MsChapV2MessageError error)
    {
        var response = new byte[AuthenticatorResponseLength];
        parsed = new MsChapV2SuccessMessage(response, string.Empty);
        var fields = MsChapV2MessageFields.Split(message);
        if (!fields.TryGetValue('S', out var hex))
        {
            error = MsChapV2MessageError.MissingAuthenticatorResponse;
            return false;
        }

        if (!MsChapV2MessageFields.TryParseHex(hex, response))
        {
            error = MsChapV2MessageError.BadAuthenticatorResponse;
            return false;
        }

        parsed = parsed with { Message = fields.GetValueOrDefault('M', string.Empty) };
        error = MsChapV2MessageError.None;
        return true;
    }

    /// <summary>Formats exactly as RFC 2759 §5: "S=" 40 uppercase hex digits, " M=", the text.</summary>
    public string Format() => $"S={Convert.ToHexString(AuthenticatorResponse.Span)} M={Message}";

    /// <summary><see cref="Format"/> as UTF-8 octets, ready for <see cref="ChapSuccessPacket"/>.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Format());
}
