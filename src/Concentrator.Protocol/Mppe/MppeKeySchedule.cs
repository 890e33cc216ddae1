using Org.BouncyCastle.Crypto.Digests;

namespace Concentrator.Protocol.Mppe;

/// <summary>
/// The key state of one MPPE direction: the start key, the current session key and the RC4 tables
/// keyed with it. Changing keys (RFC 3078 §7.3) allocates nothing, so stateless mode can change
/// keys on every packet.
/// </summary>
/// <remarks>
/// SHA-1 comes from one reused BouncyCastle <see cref="Sha1Digest"/>, fed the four parts of the
/// GetNewKeyFromSHA input (112 octets for a 16-octet key). Measured against .NET's one-shot
/// <c>SHA1.HashData(ReadOnlySpan, Span)</c> over a prepared buffer (tests/Concentrator.Benchmarks,
/// <c>Sha1ForRekeyBenchmarks</c>, plus best-of-400-rounds timings on this project's 2-core
/// machines): about 340 ns against 360 ns, so the BouncyCastle digest it is. Not thread-safe: one
/// instance per direction, used by one thread at a time.
/// </remarks>
public sealed class MppeKeySchedule
{
    private readonly MppeKeyLength _keyLength;
    private readonly byte[] _startKey;
    private readonly byte[] _sessionKey;
    private readonly byte[] _interimKey;
    private readonly Sha1Digest _sha = new();
    private readonly Rc4 _rc4 = new();

    /// <summary>
    /// Starts a direction from its start key (the MasterSendKey or MasterReceiveKey of RFC 3079 §3,
    /// i.e. MS-MPPE-Send-Key / MS-MPPE-Recv-Key of RFC 2548): derives the initial session key
    /// (RFC 3079 §3.1-§3.3) and initialises the RC4 tables with it. A 16-octet start key serves every
    /// strength; 40/56-bit use its first 8 octets.
    /// </summary>
    /// <exception cref="ArgumentException">The strength is undefined or the start key too short.</exception>
    public MppeKeySchedule(ReadOnlySpan<byte> startKey, MppeKeyLength keyLength)
    {
        int length = MppeKeyDerivation.SessionKeyLength(keyLength);
        if (length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keyLength), keyLength, "not an MPPE key length");
        }
        if (startKey.Length < length)
        {
            throw new ArgumentException($"must have at least {length} octets, had {startKey.Length}", nameof(startKey));
        }
        _keyLength = keyLength;
        _startKey = startKey[..length].ToArray();
        _sessionKey = new byte[length];
        _interimKey = new byte[length];
        MppeKeyDerivation.GetInitialSessionKey(_startKey, keyLength, _sessionKey);
        _rc4.Init(_sessionKey);
    }

    /// <summary>The negotiated strength.</summary>
    public MppeKeyLength KeyLength => _keyLength;

    /// <summary>The current session key (8 or 16 octets).</summary>
    public ReadOnlySpan<byte> SessionKey => _sessionKey;

    /// <summary>
    /// RFC 3078 §7.3 key change: InterimKey = GetNewKeyFromSHA(StartKey, SessionKey);
    /// rc4_key(InterimKey); SessionKey = rc4(InterimKey); reduce to 40/56 bits; rc4_key(SessionKey).
    /// </summary>
    public void ChangeKey()
    {
        MppeKeyDerivation.GetNewKeyFromSha(_sha, _startKey, _sessionKey, _interimKey);
        _rc4.Init(_interimKey);
        _interimKey.CopyTo(_sessionKey, 0);
        _rc4.Process(_sessionKey);
        MppeKeyDerivation.ReduceKeyStrength(_sessionKey, _keyLength);
        _rc4.Init(_sessionKey);
    }

    /// <summary>Re-initialises the RC4 tables with the current session key (RFC 3078 §8.2).</summary>
    public void ResetTables() => _rc4.Init(_sessionKey);

    /// <summary>XORs the RC4 keystream into <paramref name="data"/> in place (RFC 3078 §6).</summary>
    public void Process(Span<byte> data) => _rc4.Process(data);
}
