using BenchmarkDotNet.Attributes;
using Concentrator.Protocol.Mppe;

namespace Concentrator.Benchmarks.Mppe;

/// <summary>
/// MPPE-128 stateless, the mode a PPTP server negotiates: every packet is one key change
/// (RFC 3078 §7.3: SHA-1 + two RC4 key schedules) plus RC4 over the protocol field and payload.
/// Throughput in MB/s = (PayloadSize + 2) / mean time.
/// </summary>
[MemoryDiagnoser]
public class MppeCipherBenchmarks
{
    private static readonly byte[] StartKey = Convert.FromHexString("8B7CDC149B993A1BA118CB153F56DCCB");

    private MppeEncryptor _encryptor = null!;
    private MppeDecryptor _decryptor = null!;
    private byte[] _packet = null!;
    private int _receiveCount;

    /// <summary>Octets after the PPP protocol field: a full-size (MRU 1400) and a small packet.</summary>
    [Params(64, 1400)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encryptor = new MppeEncryptor(StartKey, MppeKeyLength.Bits128, stateless: true);
        _decryptor = new MppeDecryptor(StartKey, MppeKeyLength.Bits128, stateless: true);
        _packet = new byte[MppeHeader.Length + 2 + PayloadSize];
        _packet[3] = 0x21;
        _receiveCount = MppeHeader.CoherencyCountModulus - 1;
    }

    /// <summary>Encrypts the buffer in place (again and again: the cost does not depend on the bytes).</summary>
    [Benchmark]
    public MppeError EncryptStateless128() => _encryptor.Encrypt(_packet);

    /// <summary>
    /// Decrypts a packet carrying the next coherency count (A and D set), so that every call is the
    /// normal one-key-change case; the bytes decrypt to noise, which costs the same.
    /// </summary>
    [Benchmark]
    public MppeError DecryptStateless128()
    {
        _receiveCount = (_receiveCount + 1) & (MppeHeader.CoherencyCountModulus - 1);
        new MppeHeader(true, false, false, true, _receiveCount).WriteTo(_packet);
        return _decryptor.Decrypt(_packet);
    }
}
