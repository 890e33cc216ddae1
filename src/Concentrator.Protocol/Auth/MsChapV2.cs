using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Concentrator.Protocol.Auth;

/// <summary>
/// The MS-CHAP-V2 algorithms of RFC 2759 §8 as pure functions over spans.
/// </summary>
/// <remarks>
/// <para>
/// The server side never needs the password: every function that the RFC defines over the
/// password takes its NT hash instead (<see cref="NtPasswordHash(ReadOnlySpan{char}, Span{byte})"/>),
/// which is the first thing the RFC's pseudocode computes from it. The user directory therefore
/// stores only the 16-octet NT hash.
/// </para>
/// <para>
/// The generating functions are control-path code: a destination or a fixed-size input of the
/// wrong length is a programming error and throws <see cref="ArgumentException"/>. The functions
/// that judge what a peer sent (<see cref="VerifyNtResponse"/>, <see cref="CheckAuthenticatorResponse"/>)
/// never throw: any wrong length gives <c>false</c>.
/// </para>
/// <para>
/// Security (RFC 2759 §10 and later cryptanalysis): the three DES keys of
/// <see cref="ChallengeResponse"/> carry the NT hash, and the third has only 16 unknown bits, so one
/// 2^56 DES search recovers the hash from a captured exchange. Treat MS-CHAPv2 as obsolete.
/// </para>
/// </remarks>
public static class MsChapV2
{
    /// <summary>Length of the Authenticator-Challenge and Peer-Challenge (RFC 2759 §3, §4).</summary>
    public const int ChallengeLength = 16;

    /// <summary>Length of the ChallengeHash() output (RFC 2759 §8.2).</summary>
    public const int ChallengeHashLength = 8;

    /// <summary>Length of PasswordHash and PasswordHashHash (RFC 2759 §8.3, §8.4).</summary>
    public const int PasswordHashLength = 16;

    /// <summary>Length of the NT-Response (RFC 2759 §4, §8.5).</summary>
    public const int NtResponseLength = 24;

    /// <summary>Length of the "S=" + 40 hex digits authenticator response (RFC 2759 §5, §8.7).</summary>
    public const int AuthenticatorResponseLength = 42;

    // RFC 2759 §8.7: Magic1 = "Magic server to client signing constant" (39 octets).
    private static ReadOnlySpan<byte> AuthMagic1 => "Magic server to client signing constant"u8;

    // RFC 2759 §8.7: Magic2 = "Pad to make it do more than one iteration" (41 octets).
    private static ReadOnlySpan<byte> AuthMagic2 => "Pad to make it do more than one iteration"u8;

    /// <summary>
    /// RFC 2759 §8.3 NtPasswordHash: MD4 over the password as Unicode (UTF-16LE code units, no
    /// terminating zero). The code units are hashed exactly as given: no normalisation, and an
    /// unpaired surrogate is hashed as itself rather than replaced, as Windows does.
    /// </summary>
    public static void NtPasswordHash(ReadOnlySpan<char> password, Span<byte> passwordHash)
    {
        RequireLength(passwordHash, PasswordHashLength, nameof(passwordHash));
        var md4 = new MD4Digest();
        Span<byte> unit = stackalloc byte[2];
        foreach (char c in password)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(unit, c);
            md4.BlockUpdate(unit);
        }
        md4.DoFinal(passwordHash);
    }

    /// <summary>RFC 2759 §8.3 NtPasswordHash, returning a new 16-octet array.</summary>
    public static byte[] NtPasswordHash(string password)
    {
        var hash = new byte[PasswordHashLength];
        NtPasswordHash(password.AsSpan(), hash);
        return hash;
    }

    /// <summary>RFC 2759 §8.4 HashNtPasswordHash: MD4 of the 16-octet PasswordHash.</summary>
    public static void HashNtPasswordHash(ReadOnlySpan<byte> passwordHash, Span<byte> passwordHashHash)
    {
        RequireLength(passwordHash, PasswordHashLength, nameof(passwordHash));
        RequireLength(passwordHashHash, PasswordHashLength, nameof(passwordHashHash));
        var md4 = new MD4Digest();
        md4.BlockUpdate(passwordHash);
        md4.DoFinal(passwordHashHash);
    }

    /// <summary>
    /// The account name that RFC 2759 hashes: the Name field "as presented by the peer and
    /// excluding any prepended domain name" (§8.2, §4: "BIGCO\johndoe" → "johndoe"). Everything
    /// up to and including the last backslash is dropped.
    /// </summary>
    public static ReadOnlySpan<byte> StripDomain(ReadOnlySpan<byte> name)
    {
        int backslash = name.LastIndexOf((byte)'\\');
        return backslash < 0 ? name : name[(backslash + 1)..];
    }

    /// <summary>
    /// RFC 2759 §8.2 ChallengeHash: the first 8 octets of
    /// SHA-1(PeerChallenge | AuthenticatorChallenge | UserName), where UserName is the Name field
    /// without any domain prefix (<see cref="StripDomain"/>, applied here).
    /// </summary>
    public static void ChallengeHash(
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName,
        Span<byte> challenge)
    {
        RequireLength(peerChallenge, ChallengeLength, nameof(peerChallenge));
        RequireLength(authenticatorChallenge, ChallengeLength, nameof(authenticatorChallenge));
        RequireLength(challenge, ChallengeHashLength, nameof(challenge));
        var sha = new Sha1Digest();
        sha.BlockUpdate(peerChallenge);
        sha.BlockUpdate(authenticatorChallenge);
        sha.BlockUpdate(StripDomain(userName));
        Span<byte> digest = stackalloc byte[20];
        sha.DoFinal(digest);
        digest[..ChallengeHashLength].CopyTo(challenge);
    }

    /// <summary>
    /// RFC 2759 §8.5 ChallengeResponse: the PasswordHash zero-padded to 21 octets gives three
    /// 7-octet DES keys; each encrypts the 8-octet Challenge (DES-ECB, §8.6), giving 24 octets.
    /// </summary>
    public static void ChallengeResponse(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> passwordHash, Span<byte> response)
    {
        RequireLength(challenge, ChallengeHashLength, nameof(challenge));
        RequireLength(passwordHash, PasswordHashLength, nameof(passwordHash));
        RequireLength(response, NtResponseLength, nameof(response));
        Span<byte> zPasswordHash = stackalloc byte[21];
        zPasswordHash.Clear();
        passwordHash.CopyTo(zPasswordHash);
        DesEncrypt(challenge, zPasswordHash[..7], response[..8]);
        DesEncrypt(challenge, zPasswordHash[7..14], response[8..16]);
        DesEncrypt(challenge, zPasswordHash[14..21], response[16..24]);
        CryptographicOperations.ZeroMemory(zPasswordHash);
    }

    /// <summary>
    /// RFC 2759 §8.1 GenerateNTResponse, from the NT hash of the password (the RFC's first step
    /// turns the password into exactly that hash).
    /// </summary>
    public static void GenerateNtResponse(
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> userName,
        ReadOnlySpan<byte> passwordHash,
        Span<byte> response)
    {
        Span<byte> challenge = stackalloc byte[ChallengeHashLength];
        ChallengeHash(peerChallenge, authenticatorChallenge, userName, challenge);
        ChallengeResponse(challenge, passwordHash, response);
    }

    /// <summary>
    /// RFC 2759 §8.7 GenerateAuthenticatorResponse: writes the 42 ASCII octets
    /// "S=" + 40 uppercase hex digits (§5: "A-F ... MUST be uppercase").
    /// </summary>
    public static void GenerateAuthenticatorResponse(
        ReadOnlySpan<byte> passwordHash,
        ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName,
        Span<byte> authenticatorResponse)
    {
        RequireLength(ntResponse, NtResponseLength, nameof(ntResponse));
        RequireLength(authenticatorResponse, AuthenticatorResponseLength, nameof(authenticatorResponse));
        Span<byte> passwordHashHash = stackalloc byte[PasswordHashLength];
        HashNtPasswordHash(passwordHash, passwordHashHash);

        var sha = new Sha1Digest();
        Span<byte> digest = stackalloc byte[20];
        sha.BlockUpdate(passwordHashHash);
        sha.BlockUpdate(ntResponse);
        sha.BlockUpdate(AuthMagic1);
        sha.DoFinal(digest);

        Span<byte> challenge = stackalloc byte[ChallengeHashLength];
        ChallengeHash(peerChallenge, authenticatorChallenge, userName, challenge);

        sha.BlockUpdate(digest);
        sha.BlockUpdate(challenge);
        sha.BlockUpdate(AuthMagic2);
        sha.DoFinal(digest);

        authenticatorResponse[0] = (byte)'S';
        authenticatorResponse[1] = (byte)'=';
        for (int i = 0; i < digest.Length; i++)
        {
            authenticatorResponse[2 + (2 * i)] = HexDigit(digest[i] >> 4);
            authenticatorResponse[3 + (2 * i)] = HexDigit(digest[i] & 0xF);
        }
        CryptographicOperations.ZeroMemory(passwordHashHash);
    }

    /// <summary>RFC 2759 §8.7 GenerateAuthenticatorResponse as a string ("S=" + 40 hex digits).</summary>
    public static string GenerateAuthenticatorResponse(
        ReadOnlySpan<byte> passwordHash,
        ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName)
    {
        Span<byte> ascii = stackalloc byte[AuthenticatorResponseLength];
        GenerateAuthenticatorResponse(passwordHash, ntResponse, peerChallenge, authenticatorChallenge, userName, ascii);
        return System.Text.Encoding.ASCII.GetString(ascii);
    }

    /// <summary>
    /// RFC 2759 §8.8 CheckAuthenticatorResponse (peer side): recomputes the authenticator response
    /// and compares it with <paramref name="receivedResponse"/> (the first 42 octets of the Success
    /// packet's Message field, "S=" and 40 hex digits, RFC 2759 §5) in constant time. Any input of
    /// the wrong length gives <c>false</c>.
    /// </summary>
    public static bool CheckAuthenticatorResponse(
        ReadOnlySpan<byte> passwordHash,
        ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName,
        ReadOnlySpan<byte> receivedResponse)
    {
        if (passwordHash.Length != PasswordHashLength
            || ntResponse.Length != NtResponseLength
            || peerChallenge.Length != ChallengeLength
            || authenticatorChallenge.Length != ChallengeLength
            || receivedResponse.Length != AuthenticatorResponseLength)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[AuthenticatorResponseLength];
        GenerateAuthenticatorResponse(passwordHash, ntResponse, peerChallenge, authenticatorChallenge, userName, expected);
        return CryptographicOperations.FixedTimeEquals(expected, receivedResponse);
    }

    /// <summary>
    /// Authenticator side of RFC 2759 §4: recomputes the NT-Response from the stored NT hash, the
    /// challenge it sent, the peer's challenge and the Name field, and compares it with the
    /// received NT-Response in constant time. Any input of the wrong length gives <c>false</c>.
    /// </summary>
    public static bool VerifyNtResponse(
        ReadOnlySpan<byte> passwordHash,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> userName,
        ReadOnlySpan<byte> receivedNtResponse)
    {
        if (passwordHash.Length != PasswordHashLength
            || authenticatorChallenge.Length != ChallengeLength
            || peerChallenge.Length != ChallengeLength
            || receivedNtResponse.Length != NtResponseLength)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[NtResponseLength];
        GenerateNtResponse(authenticatorChallenge, peerChallenge, userName, passwordHash, expected);
        return CryptographicOperations.FixedTimeEquals(expected, receivedNtResponse);
    }

    /// <summary>
    /// RFC 2759 §8.6 / §9.3: spreads a 56-bit key over 8 octets (7 key bits in the high bits of
    /// each octet) and sets the low bit of each octet for odd parity.
    /// </summary>
    internal static void ExpandDesKey(ReadOnlySpan<byte> key7, Span<byte> key8)
    {
        key8[0] = key7[0];
        key8[1] = (byte)((key7[0] << 7) | (key7[1] >> 1));
        key8[2] = (byte)((key7[1] << 6) | (key7[2] >> 2));
        key8[3] = (byte)((key7[2] << 5) | (key7[3] >> 3));
        key8[4] = (byte)((key7[3] << 4) | (key7[4] >> 4));
        key8[5] = (byte)((key7[4] << 3) | (key7[5] >> 5));
        key8[6] = (byte)((key7[5] << 2) | (key7[6] >> 6));
        key8[7] = (byte)(key7[6] << 1);
        for (int i = 0; i < 8; i++)
        {
            int high7 = key8[i] & 0xFE;
            key8[i] = (byte)(high7 | ((System.Numerics.BitOperations.PopCount((uint)high7) & 1) ^ 1));
        }
    }

    // RFC 2759 §8.6 DesEncrypt: single-block DES-ECB under a parity-expanded 7-octet key.
    private static void DesEncrypt(ReadOnlySpan<byte> clear, ReadOnlySpan<byte> key7, Span<byte> cypher)
    {
        var key8 = new byte[8];
        ExpandDesKey(key7, key8);
        var des = new DesEngine();
        des.Init(true, new KeyParameter(key8));
        des.ProcessBlock(clear, cypher);
        CryptographicOperations.ZeroMemory(key8);
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static void RequireLength(ReadOnlySpan<byte> span, int length, string name)
    {
        if (span.Length != length)
        {
            throw new ArgumentException($"must be {length} octets, was {span.Length}", name);
        }
    }
}
