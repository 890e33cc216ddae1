using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;

namespace Concentrator.Benchmarks.Mppe;

/// <summary>
/// The SHA-1 of GetNewKeyFromSHA (RFC 3078 §7.3) for a 16-octet key: StartKey | 40 × 0x00 |
/// SessionKey | 40 × 0xF2 (112 octets). Decides which SHA-1 the MPPE key schedule uses: a reused
/// BouncyCastle digest fed the four parts, or .NET's one-shot SHA1.HashData over a prepared buffer.
/// </summary>
[MemoryDiagnoser]
public class Sha1ForRekeyBenchmarks
{
    private static readonly byte[] Pad1 = new byte[40];
    private static readonly byte[] Pad2 = Enumerable.Repeat((byte)0xF2, 40).ToArray();

    private readonly Sha1Digest _digest = new();
    private readonly byte[] _startKey = Convert.FromHexString("8B7CDC149B993A1BA118CB153F56DCCB");
    private readonly byte[] _sessionKey = Convert.FromHexString("405CB2247A7956E6E211007AE27B22D4");
    private readonly byte[] _input = new byte[112];
    private readonly byte[] _output = new byte[20];

    [GlobalSetup]
    public void Setup()
    {
        _startKey.CopyTo(_input, 0);
        Pad2.CopyTo(_input, 72);
    }

    [Benchmark(Baseline = true)]
    public byte BouncyCastleReused()
    {
        _digest.BlockUpdate(_startKey);
        _digest.BlockUpdate(Pad1);
        _digest.BlockUpdate(_sessionKey);
        _digest.BlockUpdate(Pad2);
        _digest.DoFinal(_output);
        return _output[0];
    }

    [Benchmark]
    public byte DotNetHashData()
    {
        _sessionKey.CopyTo(_input, 56);
        SHA1.HashData(_input, _output);
        return _output[0];
    }
}
