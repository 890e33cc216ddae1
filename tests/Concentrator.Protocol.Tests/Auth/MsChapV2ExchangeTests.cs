using System.Text;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Tests.Mppe;
using CsCheck;
using Org.BouncyCastle.Crypto.Digests;

namespace Concentrator.Protocol.Tests.Auth;

/// <summary>Full MS-CHAP-V2 exchanges (RFC 2759 §4, §5, §8) between a peer that knows the password
/// and an authenticator that stores only its NT hash.</summary>
public class MsChapV2ExchangeTests
{
    private static readonly byte[] AuthenticatorChallenge = Hex.Bytes("0F 1E 2D 3C 4B 5A 69 78 87 96 A5 B4 C3 D2 E1 F0");
    private static readonly byte[] PeerChallenge = Hex.Bytes("01 23 45 67 89 AB CD EF FE DC BA 98 76 54 32 10");

    [Fact]
    public void Cyrillic_password_is_hashed_as_utf16le()
    {
        // RFC 2759 §4/§8.3: the password is Unicode, hashed as UTF-16LE code units. Reference: MD4 of
        // the UTF-16LE bytes, computed here directly with BouncyCastle.
        const string password = "пароль";
        byte[] utf16 = Encoding.Unicode.GetBytes(password);
        Assert.Equal("3F04300440043E043B044C04", Hex.Of(utf16)); // п а р о л ь, little-endian
        var md4 = new MD4Digest();
        md4.BlockUpdate(utf16);
        var expected = new byte[16];
        md4.DoFinal(expected);

        Assert.Equal(Hex.Of(expected), Hex.Of(MsChapV2.NtPasswordHash(password)));

        // Not the zero-extended single-byte hashing that some clients use (BRIEF: pppd 2.4.9).
        var wrong = new MD4Digest();
        wrong.BlockUpdate(Encoding.UTF8.GetBytes(password));
        var wrongHash = new byte[16];
        wrong.DoFinal(wrongHash);
        Assert.NotEqual(Hex.Of(wrongHash), Hex.Of(expected));
    }

    [Fact]
    public void Unpaired_surrogate_is_hashed_as_its_code_unit()
    {
        string password = "a\uD800b";
        var md4 = new MD4Digest();
        md4.BlockUpdate(Hex.Bytes("6100 00D8 6200"));
        var expected = new byte[16];
        md4.DoFinal(expected);
        Assert.Equal(Hex.Of(expected), Hex.Of(MsChapV2.NtPasswordHash(password)));
    }

    [Theory]
    [InlineData("пароль", "Иван")]
    [InlineData("clientPass", "DOMAIN\\User")]
    [InlineData("", "nobody")]
    public void Exchange_round_trip(string password, string userName)
    {
        byte[] name = Encoding.UTF8.GetBytes(userName);

        // Peer (RFC 2759 §4): the Response carries Peer-Challenge and NT-Response.
        byte[] peerHash = MsChapV2.NtPasswordHash(password);
        var ntResponse = new byte[24];
        MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, name, peerHash, ntResponse);

        // Authenticator: stores only the NT hash.
        byte[] storedHash = MsChapV2.NtPasswordHash(password);
        Assert.True(MsChapV2.VerifyNtResponse(storedHash, AuthenticatorChallenge, PeerChallenge, name, ntResponse));
        var success = new byte[42];
        MsChapV2.GenerateAuthenticatorResponse(storedHash, ntResponse, PeerChallenge, AuthenticatorChallenge, name, success);

        // Peer checks the Success message (RFC 2759 §5, §8.8).
        Assert.True(MsChapV2.CheckAuthenticatorResponse(peerHash, ntResponse, PeerChallenge, AuthenticatorChallenge, name, success));

        // Both ends derive matching MPPE keys (RFC 3079 §3): server send = client receive.
        MppeMasterKeys server = MppeMasterKeys.FromMsChapV2(storedHash, ntResponse, isServer: true);
        MppeMasterKeys client = MppeMasterKeys.FromMsChapV2(peerHash, ntResponse, isServer: false);
        Assert.Equal(Hex.Of(server.SendKey), Hex.Of(client.ReceiveKey));
        Assert.Equal(Hex.Of(server.ReceiveKey), Hex.Of(client.SendKey));
        Assert.NotEqual(Hex.Of(server.SendKey), Hex.Of(server.ReceiveKey));
    }

    [Fact]
    public void Wrong_password_is_refused_both_ways()
    {
        byte[] name = "Иван"u8.ToArray();
        var ntResponse = new byte[24];
        MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, name, MsChapV2.NtPasswordHash("пароль"), ntResponse);

        // The pppd-style hash of the same password (zero-extended UTF-8 octets) does not log in.
        byte[] zeroExtended = MsChapV2.NtPasswordHash(new string(Encoding.UTF8.GetBytes("пароль").Select(b => (char)b).ToArray()));
        Assert.False(MsChapV2.VerifyNtResponse(zeroExtended, AuthenticatorChallenge, PeerChallenge, name, ntResponse));
        Assert.False(MsChapV2.VerifyNtResponse(MsChapV2.NtPasswordHash("Пароль"), AuthenticatorChallenge, PeerChallenge, name, ntResponse));

        // A server that does not know the password cannot produce an acceptable Success message.
        var success = new byte[42];
        MsChapV2.GenerateAuthenticatorResponse(MsChapV2.NtPasswordHash("guess"), ntResponse, PeerChallenge, AuthenticatorChallenge, name, success);
        Assert.False(MsChapV2.CheckAuthenticatorResponse(MsChapV2.NtPasswordHash("пароль"), ntResponse, PeerChallenge, AuthenticatorChallenge, name, success));
    }

    [Fact]
    public void Verify_and_check_return_false_for_every_wrong_length()
    {
        byte[] hash = MsChapV2.NtPasswordHash("clientPass");
        var nt = new byte[24];
        MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, "User"u8, hash, nt);
        byte[] success = Encoding.ASCII.GetBytes(MsChapV2.GenerateAuthenticatorResponse(hash, nt, PeerChallenge, AuthenticatorChallenge, "User"u8));
        Assert.True(MsChapV2.VerifyNtResponse(hash, AuthenticatorChallenge, PeerChallenge, "User"u8, nt));
        Assert.True(MsChapV2.CheckAuthenticatorResponse(hash, nt, PeerChallenge, AuthenticatorChallenge, "User"u8, success));

        foreach (int delta in new[] { -1, 1 })
        {
            byte[] h = Resize(hash, delta), a = Resize(AuthenticatorChallenge, delta), p = Resize(PeerChallenge, delta);
            byte[] n = Resize(nt, delta), s = Resize(success, delta);
            Assert.False(MsChapV2.VerifyNtResponse(h, AuthenticatorChallenge, PeerChallenge, "User"u8, nt));
            Assert.False(MsChapV2.VerifyNtResponse(hash, a, PeerChallenge, "User"u8, nt));
            Assert.False(MsChapV2.VerifyNtResponse(hash, AuthenticatorChallenge, p, "User"u8, nt));
            Assert.False(MsChapV2.VerifyNtResponse(hash, AuthenticatorChallenge, PeerChallenge, "User"u8, n));
            Assert.False(MsChapV2.CheckAuthenticatorResponse(h, nt, PeerChallenge, AuthenticatorChallenge, "User"u8, success));
            Assert.False(MsChapV2.CheckAuthenticatorResponse(hash, n, PeerChallenge, AuthenticatorChallenge, "User"u8, success));
            Assert.False(MsChapV2.CheckAuthenticatorResponse(hash, nt, p, AuthenticatorChallenge, "User"u8, success));
            Assert.False(MsChapV2.CheckAuthenticatorResponse(hash, nt, PeerChallenge, a, "User"u8, success));
            Assert.False(MsChapV2.CheckAuthenticatorResponse(hash, nt, PeerChallenge, AuthenticatorChallenge, "User"u8, s));
        }
        Assert.False(MsChapV2.VerifyNtResponse([], [], [], [], []));
        Assert.False(MsChapV2.CheckAuthenticatorResponse([], [], [], [], [], []));
    }

    [Fact]
    public void Generators_reject_wrong_lengths_with_ArgumentException()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => MsChapV2.NtPasswordHash("x".AsSpan(), buffer.AsSpan(0, 15)));
        Assert.Throws<ArgumentException>(() => MsChapV2.ChallengeHash(buffer.AsSpan(0, 15), buffer.AsSpan(0, 16), [], buffer.AsSpan(0, 8)));
        Assert.Throws<ArgumentException>(() => MsChapV2.ChallengeResponse(buffer.AsSpan(0, 8), buffer.AsSpan(0, 16), buffer.AsSpan(0, 23)));
    }

    [Fact]
    public void Random_exchanges_verify_and_a_single_flipped_bit_does_not()
    {
        Gen.Select(Gen.String, Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.Byte.Array[0, 64], Gen.Int[0, 24 * 8 - 1])
            .Sample((password, authChallenge, peerChallenge, name, bit) =>
            {
                byte[] hash = MsChapV2.NtPasswordHash(password);
                var nt = new byte[24];
                MsChapV2.GenerateNtResponse(authChallenge, peerChallenge, name, hash, nt);
                Assert.True(MsChapV2.VerifyNtResponse(hash, authChallenge, peerChallenge, name, nt));
                var s = new byte[42];
                MsChapV2.GenerateAuthenticatorResponse(hash, nt, peerChallenge, authChallenge, name, s);
                Assert.True(MsChapV2.CheckAuthenticatorResponse(hash, nt, peerChallenge, authChallenge, name, s));
                nt[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(MsChapV2.VerifyNtResponse(hash, authChallenge, peerChallenge, name, nt));
            }, iter: 300);
    }

    private static byte[] Resize(byte[] source, int delta)
    {
        var result = new byte[source.Length + delta];
        Array.Copy(source, result, Math.Min(source.Length, result.Length));
        return result;
    }
}
