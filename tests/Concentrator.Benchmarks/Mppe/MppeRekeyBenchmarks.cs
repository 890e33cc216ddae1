using BenchmarkDotNet.Attributes;
using Concentrator.Protocol.Mppe;

namespace Concentrator.Benchmarks.Mppe;

/// <summary>One RFC 3078 §7.3 key change alone: GetNewKeyFromSHA, RC4 key schedule, RC4 over the
/// interim key, reduction, RC4 key schedule.</summary>
[MemoryDiagnoser]
public class MppeRekeyBenchmarks
{
    private static readonly byte[] StartKey = Convert.FromHexString("8B7CDC149B993A1BA118CB153F56DCCB");

    private MppeKeySchedule _keys128 = null!;
    private MppeKeySchedule _keys40 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys128 = new MppeKeySchedule(StartKey, MppeKeyLength.Bits128);
        _keys40 = new MppeKeySchedule(StartKey, MppeKeyLength.Bits40);
    }

    [Benchmark(Baseline = true)]
    public void ChangeKey128() => _keys128.ChangeKey();

    [Benchmark]
    public void ChangeKey40() => _keys40.ChangeKey();
}
