using Org.BouncyCastle.Crypto.Digests;

namespace Concentrator.Protocol.Mppe;

/// <summary>
/// MPPE key derivation from MS-CHAP-V2 credentials (RFC 3079 §3) and the key change function
/// GetNewKeyFromSHA (RFC 3078 §7.3), as pure functions over spans.
/// </summary>
/// <remarks>
/// Direction: GetAsymmetricStartKey(…, isSend, isServer) picks Magic3 for the server's send key
/// and the client's receive key, Magic2 for the server's receive key and the client's send key
/// (RFC 3079 §3.4; the magic strings say so in words). RFC 3079 §3.1-§3.3 derive with
/// IsServer = TRUE, and the "SendStartKey" of the §3.5 samples (8B 7C DC 14 …) is that call:
/// the samples show the <em>server's</em> send key, i.e. the key the client receives with.
/// </remarks>
public static class MppeKeyDerivation
{
    /// <summary>Length of the master key (RFC 3079 §3.4 GetMasterKey).</summary>
    public const int MasterKeyLength = 16;

    /// <summary>Length of the longest (128-bit) session key.</summary>
    public const int MaxSessionKeyLength = 16;

    // RFC 3079 §3.4 SHSpad1 (40 × 0x00) and SHSpad2 (40 × 0xF2).
    internal static ReadOnlySpan<byte> ShsPad1 =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    internal static ReadOnlySpan<byte> ShsPad2 =>
    [
        0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2,
        0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2,
    ];

    // RFC 3079 §3.4 Magic1 (27 octets), Magic2 and Magic3 (84 octets each), written as the ASCII
    // text that their octets spell.
    private static ReadOnlySpan<byte> Magic1 => "This is the MPPE Master Key"u8;

    private static ReadOnlySpan<byte> Magic2 =>
        "On the client side, this is the send key; on the server side, it is the receive key."u8;

    private static ReadOnlySpan<byte> Magic3 =>
        "On the client side, this is the receive key; on the server side, it is the send key."u8;

    /// <summary>Octets of a session key of the given strength: 8 for 40/56-bit, 16 for 128-bit; 0 if undefined.</summary>
    public static int SessionKeyLength(MppeKeyLength keyLength) => keyLength switch
    {
        MppeKeyLength.Bits40 or MppeKeyLength.Bits56 => 8,
        MppeKeyLength.Bits128 => 16,
        _ => 0,
    };

    /// <summary>
    /// RFC 3079 §3.4 GetMasterKey: the first 16 octets of
    /// SHA-1(PasswordHashHash | NT-Response | Magic1).
    /// </summary>
    public static void GetMasterKey(ReadOnlySpan<byte> passwordHashHash, ReadOnlySpan<byte> ntResponse, Span<byte> masterKey)
    {
        RequireLength(passwordHashHash, 16, nameof(passwordHashHash));
        RequireLength(ntResponse, 24, nameof(ntResponse));
        RequireLength(masterKey, MasterKeyLength, nameof(masterKey));
        var sha = new Sha1Digest();
        sha.BlockUpdate(passwordHashHash);
        sha.BlockUpdate(ntResponse);
        sha.BlockUpdate(Magic1);
        Span<byte> digest = stackalloc byte[20];
        sha.DoFinal(digest);
        digest[..MasterKeyLength].CopyTo(masterKey);
    }

    /// <summary>
    /// RFC 3079 §3.4 GetAsymetricStartKey: the first <c>startKey.Length</c> (8 or 16) octets of
    /// SHA-1(MasterKey | SHSpad1 | s | SHSpad2), s = Magic3 when <paramref name="isSend"/> equals
    /// <paramref name="isServer"/> and Magic2 otherwise.
    /// </summary>
    public static void GetAsymmetricStartKey(ReadOnlySpan<byte> masterKey, Span<byte> startKey, bool isSend, bool isServer)
    {
        RequireLength(masterKey, MasterKeyLength, nameof(masterKey));
        RequireSessionKeyLength(startKey.Length, nameof(startKey));
        ReadOnlySpan<byte> s = isSend == isServer ? Magic3 : Magic2;

        // The same construction as GetNewKeyFromSHA, with MasterKey in place of StartKey and s of SessionKey.
        GetNewKeyFromSha(new Sha1Digest(), masterKey, s, startKey);
    }

    /// <summary>
    /// RFC 3078 §7.3 GetNewKeyFromSHA: the first <c>interimKey.Length</c> octets of
    /// SHA-1(StartKey | SHApad1 | SessionKey | SHApad2). All three keys have the session key length
    /// (8 or 16). <paramref name="interimKey"/> may be the same memory as <paramref name="sessionKey"/>.
    /// </summary>
    public static void GetNewKeyFromSha(ReadOnlySpan<byte> startKey, ReadOnlySpan<byte> sessionKey, Span<byte> interimKey)
    {
        RequireSessionKeyLength(interimKey.Length, nameof(interimKey));
        RequireLength(startKey, interimKey.Length, nameof(startKey));
        RequireLength(sessionKey, interimKey.Length, nameof(sessionKey));
        GetNewKeyFromSha(new Sha1Digest(), startKey, sessionKey, interimKey);
    }

    // The allocation-free core of GetNewKeyFromSHA for the data path: the digest object is reused
    // (BlockUpdate/DoFinal over spans do not allocate; DoFinal resets the digest).
    internal static void GetNewKeyFromSha(Sha1Digest sha, ReadOnlySpan<byte> startKey, ReadOnlySpan<byte> sessionKey, Span<byte> interimKey)
    {
        sha.BlockUpdate(startKey);
        sha.BlockUpdate(ShsPad1);
        sha.BlockUpdate(sessionKey);
        sha.BlockUpdate(ShsPad2);
        Span<byte> digest = stackalloc byte[20];
        sha.DoFinal(digest);
        digest[..interimKey.Length].CopyTo(interimKey);
    }

    /// <summary>
    /// Reduces the effective strength of an 8-octet key (RFC 3078 §7.3, RFC 3079 §3.1/§3.2):
    /// 40-bit sets the first three octets to 0xD1 0x26 0x9E, 56-bit sets the first octet to 0xD1,
    /// 128-bit leaves the key as it is.
    /// </summary>
    public static void ReduceKeyStrength(Span<byte> sessionKey, MppeKeyLength keyLength)
    {
        RequireLength(sessionKey, SessionKeyLength(keyLength), nameof(sessionKey));
        switch (keyLength)
        {
            case MppeKeyLength.Bits40:
                sessionKey[0] = 0xD1;
                sessionKey[1] = 0x26;
                sessionKey[2] = 0x9E;
                break;
            case MppeKeyLength.Bits56:
                sessionKey[0] = 0xD1;
                break;
        }
    }

    /// <summary>
    /// RFC 3079 §3.1-§3.3: the initial session key of one direction,
    /// GetNewKeyFromSHA(StartKey, StartKey) reduced to the negotiated strength. <paramref name="startKey"/>
    /// may be a 16-octet master key: 40/56-bit use its first 8 octets (the same octets that a
    /// GetAsymmetricStartKey call of length 8 returns).
    /// </summary>
    public static void GetInitialSessionKey(ReadOnlySpan<byte> startKey, MppeKeyLength keyLength, Span<byte> sessionKey)
    {
        int length = SessionKeyLength(keyLength);
        RequireSessionKeyLength(length, nameof(keyLength));
        RequireLength(sessionKey, length, nameof(sessionKey));
        if (startKey.Length < length)
        {
            throw new ArgumentException($"must have at least {length} octets, had {startKey.Length}", nameof(startKey));
        }
        GetNewKeyFromSha(startKey[..length], startKey[..length], sessionKey);
        ReduceKeyStrength(sessionKey, keyLength);
    }

    private static void RequireSessionKeyLength(int length, string name)
    {
        if (length is not (8 or 16))
        {
            throw new ArgumentException($"an MPPE key has 8 or 16 octets, not {length}", name);
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> span, int length, string name)
    {
        if (span.Length != length)
        {
            throw new ArgumentException($"must be {length} octets, was {span.Length}", name);
        }
    }
}
