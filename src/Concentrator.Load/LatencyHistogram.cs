using System.Diagnostics;
using System.Numerics;

namespace Concentrator.Load;

/// <summary>
/// Latencies in microseconds, recorded from any thread without a lock or an allocation: 16 linear
/// sub-buckets per power of two (at most 1/16 = 6.25 % error), from 1 µs to about 2^40 µs.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 4;
    private const int Sub = 1 << SubBits;
    private const int Powers = 40;
    private readonly long[] _buckets = new long[(Powers + 1) * Sub];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records the time from <paramref name="startTimestamp"/> (Stopwatch) to now.</summary>
    public void RecordSince(long startTimestamp) =>
        RecordMicroseconds((long)((Stopwatch.GetTimestamp() - startTimestamp) * 1_000_000.0 / Stopwatch.Frequency));

    public void RecordMicroseconds(long microseconds)
    {
        Interlocked.Increment(ref _buckets[Index(Math.Max(0, microseconds))]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The value (µs, the upper bound of its bucket) below which <paramref name="fraction"/> of the recordings lie; 0 when empty.</summary>
    public double Percentile(double fraction)
    {
        var count = Count;
        if (count == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(fraction * count));
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank) return UpperBound(i);
        }
        return UpperBound(_buckets.Length - 1);
    }

    public void Reset()
    {
        for (var i = 0; i < _buckets.Length; i++) Interlocked.Exchange(ref _buckets[i], 0);
        Interlocked.Exchange(ref _count, 0);
    }

    internal static int Index(long value)
    {
        if (value < Sub) return (int)value;
        var power = 63 - BitOperations.LeadingZeroCount((ulong)value); // ≥ SubBits
        if (power - SubBits + 1 > Powers) return (Powers + 1) * Sub - 1;
        var sub = (int)(value >> (power - SubBits)) & (Sub - 1);
        return (power - SubBits + 1) * Sub + sub;
    }

    internal static double UpperBound(int index)
    {
        if (index < Sub) return index;
        var power = index / Sub + SubBits - 1;
        var sub = index % Sub;
        return ((1L << power) + ((long)(sub + 1) << (power - SubBits))) - 1;
    }
}
