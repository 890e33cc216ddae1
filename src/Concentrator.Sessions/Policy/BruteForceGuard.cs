using System.Collections.Concurrent;
using System.Net;

namespace Concentrator.Sessions.Policy;

/// <summary>
/// The single-node ban list: counts failed logins per source address in a sliding window and bans
/// the source when the count reaches the limit. Thread-safe: the TCP listener asks
/// <see cref="IsBanned"/> for every new connection while authenticators report failures. Sources whose
/// failures have all left the window, and bans that have run out, are swept out once per window, so a
/// spray of guesses from many addresses costs memory for one window's worth of them, not for ever.
/// </summary>
public sealed class BruteForceGuard : IBanList
{
    private readonly BruteForceSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<IPAddress, FailureLog> _failures = new();
    private readonly ConcurrentDictionary<IPAddress, Ban> _bans = new();
    private long _nextSweep; // UTC ticks

    public BruteForceGuard(BruteForceSettings settings, TimeProvider clock)
    {
        _settings = settings;
        _clock = clock;
        _nextSweep = (clock.GetUtcNow() + settings.Window).UtcTicks;
    }

    /// <summary>Raised when a source is banned by the guard or by an operator.</summary>
    public event Action<Ban>? Banned;

    /// <summary>Sources with failed logins still being counted.</summary>
    public int TrackedSources => _failures.Count;

    public bool IsBanned(IPAddress source) => Find(source) is not null;

    public Ban? Find(IPAddress source)
    {
        if (!_bans.TryGetValue(source, out var ban)) return null;
        if (ban.Until > _clock.GetUtcNow()) return ban;
        _bans.TryRemove(new KeyValuePair<IPAddress, Ban>(source, ban));
        return null;
    }

    public bool ReportFailure(IPAddress source, string userName)
    {
        if (!_settings.Enabled) return false;
        var now = _clock.GetUtcNow();
        SweepIfDue(now);
        int count;
        while (true)
        {
            var log = _failures.GetOrAdd(source, _ => new FailureLog());
            lock (log)
            {
                if (log.Swept) continue; // the sweep took it out as we found it: count in a fresh one
                Expire(log, now);
                log.Times.Enqueue(now);
                count = log.Times.Count;
                if (count >= _settings.MaxFailures) log.Times.Clear();
                break;
            }
        }
        if (count < _settings.MaxFailures) return false;
        var minutes = (int)_settings.Window.TotalMinutes;
        Add(new Ban(source, now + _settings.BanDuration,
            $"{count} failed logins in {minutes} min, the last as '{userName}'"));
        return true;
    }

    /// <summary>Bans a source by hand (an operator's command).</summary>
    public void Add(Ban ban)
    {
        _bans[ban.Source] = ban;
        Banned?.Invoke(ban);
    }

    /// <summary>Takes a ban made elsewhere (another node of the cluster) without raising <see cref="Banned"/>.</summary>
    public void Apply(Ban ban) => _bans[ban.Source] = ban;

    /// <summary>Lifts a ban and forgets the source's failures; false when it was not banned.</summary>
    public bool Lift(IPAddress source)
    {
        _failures.TryRemove(source, out _);
        return _bans.TryRemove(source, out _);
    }

    /// <summary>The bans in force now.</summary>
    public IReadOnlyList<Ban> Active()
    {
        var now = _clock.GetUtcNow();
        var list = new List<Ban>();
        foreach (var ban in _bans.Values)
            if (ban.Until > now) list.Add(ban);
        return list;
    }

    /// <summary>Once per window (one caller does it): forgets sources with no failure left in the window, and expired bans.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, (now + _settings.Window).UtcTicks, due) != due) return;
        foreach (var (source, log) in _failures)
        {
            lock (log)
            {
                Expire(log, now);
                if (log.Times.Count > 0) continue;
                log.Swept = true;
                _failures.TryRemove(new KeyValuePair<IPAddress, FailureLog>(source, log));
            }
        }
        foreach (var (source, ban) in _bans)
            if (ban.Until <= now) _bans.TryRemove(new KeyValuePair<IPAddress, Ban>(source, ban));
    }

    /// <summary>Drops the failures that have left the window (the caller holds the log's lock).</summary>
    private void Expire(FailureLog log, DateTimeOffset now)
    {
        while (log.Times.Count > 0 && now - log.Times.Peek() >= _settings.Window) log.Times.Dequeue();
    }

    /// <summary>One source's failure times, oldest first; <see cref="Swept"/> once the sweep has removed it.</summary>
    private sealed class FailureLog
    {
        public readonly Queue<DateTimeOffset> Times = new();
        public bool Swept;
    }
}
