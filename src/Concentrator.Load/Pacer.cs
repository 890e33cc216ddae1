using System.Diagnostics;

namespace Concentrator.Load;

/// <summary>
/// Paces a loop at a rate: <see cref="Due"/> says how many items are owed by now. A pacer that fell
/// behind does not catch up more than <see cref="MaxBurst"/> at once; a rate of 0 means as fast as possible.
/// </summary>
public sealed class Pacer(double perSecond, long startTimestamp)
{
    public const int MaxBurst = 256;

    private long _done;

    /// <summary>Items owed now (≤ <see cref="MaxBurst"/>); for rate 0 always <see cref="MaxBurst"/>.</summary>
    public int Due(long nowTimestamp)
    {
        if (perSecond <= 0) return MaxBurst;
        var target = (long)((nowTimestamp - startTimestamp) * perSecond / Stopwatch.Frequency);
        var owed = target - _done;
        if (owed > MaxBurst)
        {
            _done = target - MaxBurst;
            owed = MaxBurst;
        }
        return (int)Math.Max(0, owed);
    }

    public void Done(int count) => _done += count;
}
