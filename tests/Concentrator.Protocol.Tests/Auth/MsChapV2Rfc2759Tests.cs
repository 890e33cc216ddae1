using System.Text;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Tests.Mppe;

namespace Concentrator.Protocol.Tests.Auth;

/// <summary>
/// RFC 2759 §9.2 "Hash Example" (user name "User", password "clientPass") and §9.3 "Example of DES
/// Key Generation". Every value below is copied verbatim from the RFC text.
/// </summary>
public class MsChapV2Rfc2759Tests
{
    // RFC 2759 §9.2, "0-to-256-char UserName:"
    private static readonly byte[] UserName = Hex.Bytes("55 73 65 72");

    // RFC 2759 §9.2, "0-to-256-unicode-char Password:"
    private static readonly byte[] PasswordUnicode = Hex.Bytes("63 00 6C 00 69 00 65 00 6E 00 74 00 50 00 61 00 73 00 73 00");

    // RFC 2759 §9.2, "16-octet AuthenticatorChallenge:"
    private static readonly byte[] AuthenticatorChallenge = Hex.Bytes("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");

    // RFC 2759 §9.2, "16-octet PeerChallenge:"
    private static readonly byte[] PeerChallenge = Hex.Bytes("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");

    // RFC 2759 §9.2, "8-octet Challenge:"
    private static readonly byte[] Challenge = Hex.Bytes("D0 2E 43 86 BC E9 12 26");

    // RFC 2759 §9.2, "16-octet PasswordHash:"
    private static readonly byte[] PasswordHash = Hex.Bytes("44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE");

    // RFC 2759 §9.2, "24 octet NT-Response:"
    private static readonly byte[] NtResponse = Hex.Bytes("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");

    // RFC 2759 §9.2, "16-octet PasswordHashHash:"
    private static readonly byte[] PasswordHashHash = Hex.Bytes("41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F");

    // RFC 2759 §9.2, "42-octet AuthenticatorResponse:"
    private const string AuthenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    [Fact]
    public void Sample_inputs_are_the_strings_the_rfc_names()
    {
        Assert.Equal("User", Encoding.ASCII.GetString(UserName));
        Assert.Equal("clientPass", Encoding.Unicode.GetString(PasswordUnicode));
    }

    [Fact]
    public void NtPasswordHash_of_clientPass()
    {
        Assert.Equal(Hex.Of(PasswordHash), Hex.Of(MsChapV2.NtPasswordHash("clientPass")));
    }

    [Fact]
    public void HashNtPasswordHash()
    {
        var hashHash = new byte[16];
        MsChapV2.HashNtPasswordHash(PasswordHash, hashHash);
        Assert.Equal(Hex.Of(PasswordHashHash), Hex.Of(hashHash));
    }

    [Fact]
    public void ChallengeHash()
    {
        var challenge = new byte[8];
        MsChapV2.ChallengeHash(PeerChallenge, AuthenticatorChallenge, UserName, challenge);
        Assert.Equal(Hex.Of(Challenge), Hex.Of(challenge));
    }

    [Fact]
    public void ChallengeResponse()
    {
        var response = new byte[24];
        MsChapV2.ChallengeResponse(Challenge, PasswordHash, response);
        Assert.Equal(Hex.Of(NtResponse), Hex.Of(response));
    }

    [Fact]
    public void GenerateNtResponse()
    {
        var response = new byte[24];
        MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, UserName, MsChapV2.NtPasswordHash("clientPass"), response);
        Assert.Equal(Hex.Of(NtResponse), Hex.Of(response));
    }

    [Fact]
    public void GenerateAuthenticatorResponse_as_ascii_octets_and_as_string()
    {
        var ascii = new byte[42];
        MsChapV2.GenerateAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthenticatorChallenge, UserName, ascii);
        Assert.Equal(AuthenticatorResponse, Encoding.ASCII.GetString(ascii));
        Assert.Equal(AuthenticatorResponse, MsChapV2.GenerateAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthenticatorChallenge, UserName));
    }

    [Fact]
    public void CheckAuthenticatorResponse_accepts_the_sample_and_rejects_any_other()
    {
        byte[] good = Encoding.ASCII.GetBytes(AuthenticatorResponse);
        Assert.True(MsChapV2.CheckAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthenticatorChallenge, UserName, good));

        // RFC 2759 §5: the hex digits MUST be uppercase, so a lowercase rendering is not the response.
        byte[] lower = Encoding.ASCII.GetBytes("S=" + AuthenticatorResponse[2..].ToLowerInvariant());
        Assert.False(MsChapV2.CheckAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthenticatorChallenge, UserName, lower));

        for (int i = 0; i < good.Length; i++)
        {
            byte[] bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            Assert.False(MsChapV2.CheckAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthenticatorChallenge, UserName, bad));
        }
    }

    [Fact]
    public void VerifyNtResponse_accepts_the_sample()
    {
        Assert.True(MsChapV2.VerifyNtResponse(PasswordHash, AuthenticatorChallenge, PeerChallenge, UserName, NtResponse));
    }

    [Theory]
    [InlineData("BIGCO\\User")]
    [InlineData("a\\b\\User")]
    [InlineData("\\User")]
    public void Domain_prefix_is_not_hashed(string name)
    {
        // RFC 2759 §4 and §8.2: only the user name, without any prepended domain, is hashed.
        byte[] nameField = Encoding.ASCII.GetBytes(name);
        Assert.Equal("User", Encoding.ASCII.GetString(MsChapV2.StripDomain(nameField)));
        var challenge = new byte[8];
        MsChapV2.ChallengeHash(PeerChallenge, AuthenticatorChallenge, nameField, challenge);
        Assert.Equal(Hex.Of(Challenge), Hex.Of(challenge));
        Assert.True(MsChapV2.VerifyNtResponse(PasswordHash, AuthenticatorChallenge, PeerChallenge, nameField, NtResponse));
        Assert.Equal(AuthenticatorResponse, MsChapV2.GenerateAuthenticatorResponse(PasswordHash, NtResponse, PeerChallenge, AuthenticatorChallenge, nameField));
    }

    [Fact]
    public void A_different_user_name_gives_a_different_challenge()
    {
        var challenge = new byte[8];
        MsChapV2.ChallengeHash(PeerChallenge, AuthenticatorChallenge, "user"u8, challenge);
        Assert.NotEqual(Hex.Of(Challenge), Hex.Of(challenge));
        Assert.False(MsChapV2.VerifyNtResponse(PasswordHash, AuthenticatorChallenge, PeerChallenge, "user"u8, NtResponse));
    }

    [Fact]
    public void Des_key_generation_example_of_section_9_3()
    {
        // RFC 2759 §9.3: password "MyPw" (as printed: 4D 79 50 77) and its PasswordHash.
        Assert.Equal("FC156AF7EDCD6C0EDDE3337D427F4EAC", Hex.Of(MsChapV2.NtPasswordHash("MyPw")));
        byte[] passwordHash = Hex.Bytes("FC 15 6A F7 ED CD 6C 0E DD E3 33 7D 42 7F 4E AC");
        var key = new byte[8];

        // First "raw" DES key FC 15 6A F7 ED CD 6C → parity-corrected FD 0B 5B 5E 7F 6E 34 D9.
        MsChapV2.ExpandDesKey(passwordHash.AsSpan(0, 7), key);
        Assert.Equal("FD0B5B5E7F6E34D9", Hex.Of(key));

        // Second "raw" DES key 0E DD E3 33 7D 42 7F → parity-corrected 0E 6E 79 67 37 EA 08 FE.
        MsChapV2.ExpandDesKey(passwordHash.AsSpan(7, 7), key);
        Assert.Equal("0E6E796737EA08FE", Hex.Of(key));
    }
}
