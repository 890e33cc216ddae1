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

    /// <summary>
    /// Calls <paramref name="send"/> for items 0, 1, … <paramref name="count"/> − 1 round-robin at
    /// <paramref name="perSecond"/> (0: flat out) until <paramref name="until"/> (Stopwatch) or <paramref name="stop"/>,
    /// counting in <paramref name="meter"/> the sends that went out (true) and those that failed (false).
    /// </summary>
    public static void RoundRobin(int count, double perSecond, long until, TrafficMeter meter, Func<int, bool> send, CancellationToken stop)
    {
        if (count == 0) return;
        var pacer = new Pacer(perSecond, Stopwatch.GetTimestamp());
        var next = 0;
        long sent = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= until) break;
            var due = pacer.Due(now);
            if (due == 0)
            {
                // Not spinning: the node shares our cores. A 1 ms nap costs at most a burst of rate/1000 packets.
                Thread.Sleep(1);
                continue;
            }
            for (var i = 0; i < due; i++)
            {
                var index = next;
                next = next + 1 == count ? 0 : next + 1;
                if (send(index)) sent++;
                else failed++;
            }
            pacer.Done(due);
            if (sent + failed >= 4096) Flush(meter, ref sent, ref failed);
        }
        Flush(meter, ref sent, ref failed);
    }

    private static void Flush(TrafficMeter meter, ref long sent, ref long failed)
    {
        meter.CountSent(sent);
        meter.CountSendFailures(failed);
        sent = failed = 0;
    }
}
