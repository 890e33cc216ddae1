using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Protocol.Tests.Ppp.Chap;

public class MsChapV2MessageTests
{
    // RFC 2759 §9.2: the AuthenticatorResponse of the worked example.
    private const string AuthenticatorResponse = "407A5589115FD0D6209F510FE9C04566932CDA56";

    [Fact]
    public void Success_formats_exactly_as_rfc2759_section5()
    {
        var message = new MsChapV2SuccessMessage(Hex.Bytes(AuthenticatorResponse), "Welcome");

        Assert.Equal("S=" + AuthenticatorResponse + " M=Welcome", message.Format());
        Assert.Equal("S=" + AuthenticatorResponse + " M=Welcome", System.Text.Encoding.UTF8.GetString(message.ToBytes()));
    }

    [Theory]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome home", "Welcome home")]
    [InlineData("S=407a5589115fd0d6209f510fe9c04566932cda56", "")]
    [InlineData("M=hi S=407A5589115FD0D6209F510FE9C04566932CDA56", "hi S=407A5589115FD0D6209F510FE9C04566932CDA56")]
    [InlineData("  s=407A5589115FD0D6209F510FE9C04566932CDA56   junk M=x", "x")]
    public void Success_parses_liberally(string text, string expectedMessage)
    {
        var ok = MsChapV2SuccessMessage.TryParse(text, out var parsed, out var error);

        if (text.StartsWith("M=", StringComparison.Ordinal))
        {
            // "M=" takes the rest of the string, so a message first hides S=.
            Assert.False(ok);
            Assert.Equal(MsChapV2MessageError.MissingAuthenticatorResponse, error);
            return;
        }

        Assert.True(ok);
        Assert.Equal(MsChapV2MessageError.None, error);
        Assert.Equal(AuthenticatorResponse, Hex.Of(parsed.AuthenticatorResponse.Span));
        Assert.Equal(expectedMessage, parsed.Message);
    }

    [Theory]
    [InlineData("M=only text", MsChapV2MessageError.MissingAuthenticatorResponse)]
    [InlineData("", MsChapV2MessageError.MissingAuthenticatorResponse)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA5", MsChapV2MessageError.BadAuthenticatorResponse)]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA5G", MsChapV2MessageError.BadAuthenticatorResponse)]
    [InlineData("S= M=x", MsChapV2MessageError.BadAuthenticatorResponse)]
    public void Success_parse_errors(string text, MsChapV2MessageError expected)
    {
        Assert.False(MsChapV2SuccessMessage.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Success_parses_from_packet_bytes()
    {
        Assert.True(MsChapV2SuccessMessage.TryParse(System.Text.Encoding.UTF8.GetBytes("S=" + AuthenticatorResponse), out var parsed, out _));
        Assert.Equal(AuthenticatorResponse, Hex.Of(parsed.AuthenticatorResponse.Span));
        Assert.Throws<ArgumentException>(() => new MsChapV2SuccessMessage(new byte[19], string.Empty));
    }

    [Fact]
    public void Failure_formats_exactly_as_rfc2759_section6()
    {
        var message = new MsChapV2FailureMessage(
            MsChapV2ErrorCode.AuthenticationFailure, false, Hex.Bytes(ChapPacketTests.AuthenticatorChallenge), MsChapV2FailureMessage.MsChapV2Version, "Authentication failure");

        Assert.Equal("E=691 R=0 C=" + ChapPacketTests.AuthenticatorChallenge + " V=3 M=Authentication failure", message.Format());
        Assert.Equal(message.Format(), System.Text.Encoding.UTF8.GetString(message.ToBytes()));
    }

    [Theory]
    [InlineData(MsChapV2ErrorCode.RestrictedLogonHours, 646)]
    [InlineData(MsChapV2ErrorCode.AccountDisabled, 647)]
    [InlineData(MsChapV2ErrorCode.PasswordExpired, 648)]
    [InlineData(MsChapV2ErrorCode.NoDialinPermission, 649)]
    [InlineData(MsChapV2ErrorCode.AuthenticationFailure, 691)]
    [InlineData(MsChapV2ErrorCode.ChangingPassword, 709)]
    public void Error_codes_are_the_rfc_numbers(MsChapV2ErrorCode code, int number)
    {
        var text = new MsChapV2FailureMessage(code, true, new byte[16], 3, "x").Format();

        Assert.StartsWith($"E={number} R=1 C=00000000000000000000000000000000 V=3 M=x", text, StringComparison.Ordinal);
        Assert.True(MsChapV2FailureMessage.TryParse(text, out var parsed, out _));
        Assert.Equal(code, parsed.Error);
    }

    [Fact]
    public void Failure_parses_liberally()
    {
        Assert.True(MsChapV2FailureMessage.TryParse("V=3 R=1 C=" + ChapPacketTests.AuthenticatorChallenge.ToLowerInvariant() + " E=691 M=Try again later", out var parsed, out var error));

        Assert.Equal(MsChapV2MessageError.None, error);
        Assert.Equal(MsChapV2ErrorCode.AuthenticationFailure, parsed.Error);
        Assert.True(parsed.RetryAllowed);
        Assert.Equal(ChapPacketTests.AuthenticatorChallenge, Hex.Of(parsed.Challenge.Span));
        Assert.Equal(3, parsed.Version);
        Assert.Equal("Try again later", parsed.Message);
    }

    [Fact]
    public void Failure_fields_may_be_missing()
    {
        Assert.True(MsChapV2FailureMessage.TryParse("E=649"u8, out var parsed, out _));

        Assert.Equal(MsChapV2ErrorCode.NoDialinPermission, parsed.Error);
        Assert.False(parsed.RetryAllowed);
        Assert.True(parsed.Challenge.IsEmpty);
        Assert.Equal(0, parsed.Version);
        Assert.Equal(string.Empty, parsed.Message);
        // Formatting what a peer sent without C= leaves C= out.
        Assert.Equal("E=649 R=0 V=0 M=", parsed.Format());
    }

    [Fact]
    public void Unknown_error_codes_are_kept()
    {
        Assert.True(MsChapV2FailureMessage.TryParse("E=1234 R=0 V=3", out var parsed, out _));

        Assert.Equal(1234, (int)parsed.Error);
    }

    [Theory]
    [InlineData("R=0 V=3 M=no code", MsChapV2MessageError.MissingErrorCode)]
    [InlineData("E=abc", MsChapV2MessageError.BadErrorCode)]
    [InlineData("E=-5", MsChapV2MessageError.BadErrorCode)]
    [InlineData("E=99999999999", MsChapV2MessageError.BadErrorCode)]
    [InlineData("E=691 R=2", MsChapV2MessageError.BadRetryFlag)]
    [InlineData("E=691 R=0 C=0011", MsChapV2MessageError.BadChallenge)]
    [InlineData("E=691 R=0 C=ZZ000000000000000000000000000000", MsChapV2MessageError.BadChallenge)]
    [InlineData("E=691 R=0 V=three", MsChapV2MessageError.BadVersion)]
    public void Failure_parse_errors(string text, MsChapV2MessageError expected)
    {
        Assert.False(MsChapV2FailureMessage.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Failure_challenge_is_sixteen_octets_or_none() =>
        Assert.Throws<ArgumentException>(() => new MsChapV2FailureMessage(MsChapV2ErrorCode.AuthenticationFailure, false, new byte[8], 3, string.Empty));
}
