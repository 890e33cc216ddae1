using System.Collections.Concurrent;
using System.Net;

namespace Concentrator.Sessions.Policy;

/// <summary>
/// The single-node ban list: counts failed logins per source address in a sliding window and bans
/// the source when the count reaches the limit. Thread-safe: the TCP listener asks
/// <see cref="IsBanned"/> for every new connection while authenticators report failures.
/// </summary>
public sealed class BruteForceGuard : IBanList
{
    private readonly BruteForceSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<IPAddress, Queue<DateTimeOffset>> _failures = new();
    private readonly ConcurrentDictionary<IPAddress, Ban> _bans = new();

    public BruteForceGuard(BruteForceSettings settings, TimeProvider clock)
    {
        _settings = settings;
        _clock = clock;
    }

    /// <summary>Raised when a source is banned by the guard or by an operator.</summary>
    public event Action<Ban>? Banned;

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
        var times = _failures.GetOrAdd(source, _ => new Queue<DateTimeOffset>());
        int count;
        lock (times)
        {
            while (times.Count > 0 && now - times.Peek() >= _settings.Window) times.Dequeue();
            times.Enqueue(now);
            count = times.Count;
            if (count >= _settings.MaxFailures) times.Clear();
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
}
