using System.Net;
using Akka.Actor;
using Akka.DistributedData;
using Concentrator.Sessions.Policy;

namespace Concentrator.Cluster.Bans;

/// <summary>
/// The ban list of the whole cluster. Each node counts failed logins itself (a <see cref="BruteForceGuard"/>);
/// a ban — made by a node's guard or by an operator — is replicated to every node with Distributed Data (an
/// LWW dictionary keyed by address), and each node answers <see cref="IsBanned"/> from its own replica, without
/// a network round trip, before reading a byte of a new connection. A lifted ban is replaced by a tombstone (a
/// record whose "until" is minus the time of the lift), not removed: a node that never saw the ban replicated —
/// its own guard made it, and another node lifted it within one notification interval — still learns of the lift.
/// </summary>
public sealed class ClusterBanList : IBanList
{
    public static readonly LWWDictionaryKey<string, BanRecord> Key = new("concentrator-bans");

    private readonly BruteForceGuard _guard;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.UniqueAddress _self;
    private Dictionary<string, BanRecord> _seen = [];
    private readonly TimeProvider _clock;
    private long _bruteForceBans;
    private long _operatorBans;

    public ClusterBanList(ActorSystem system, BruteForceSettings settings, TimeProvider clock)
    {
        _clock = clock;
        _guard = new BruteForceGuard(settings, clock);
        _replicator = DistributedData.Get(system).Replicator;
        _self = Akka.Cluster.Cluster.Get(system).SelfUniqueAddress;
        _guard.Banned += Publish;
        var follower = system.ActorOf(Props.Create(() => new Follower(this)), "ban-list");
        _replicator.Tell(Dsl.Subscribe(Key, follower));
    }

    public bool IsBanned(IPAddress source) => _guard.IsBanned(source);

    public Ban? Find(IPAddress source) => _guard.Find(source);

    public bool ReportFailure(IPAddress source, string userName)
    {
        if (!_guard.ReportFailure(source, userName)) return false;
        Interlocked.Increment(ref _bruteForceBans);
        return true;
    }

    /// <summary>Bans by hand, on every node.</summary>
    public void Add(Ban ban)
    {
        _guard.Add(ban);
        Interlocked.Increment(ref _operatorBans);
    }

    /// <summary>Bans this node's brute-force guard has made since the node started (not those replicated from other nodes).</summary>
    public long BruteForceBans => Interlocked.Read(ref _bruteForceBans);

    /// <summary>Bans made by an operator through this node since it started.</summary>
    public long OperatorBans => Interlocked.Read(ref _operatorBans);

    /// <summary>Lifts a ban on every node; false when this node did not know it.</summary>
    public bool Lift(IPAddress source)
    {
        var known = _guard.Lift(source);
        var tombstone = new BanRecord(source.ToString(), -_clock.GetUtcNow().ToUnixTimeMilliseconds(), "lifted");
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, BanRecord>.Empty, new WriteMajority(TimeSpan.FromSeconds(3)),
            map => map.SetItem(_self, tombstone.Source, tombstone, null)));
        return known;
    }

    public IReadOnlyList<Ban> Active() => _guard.Active();

    private void Publish(Ban ban)
    {
        var record = new BanRecord(ban.Source.ToString(), ban.Until.ToUnixTimeMilliseconds(), ban.Reason);
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, BanRecord>.Empty, new WriteMajority(TimeSpan.FromSeconds(3)),
            map => map.SetItem(_self, record.Source, record, null)));
    }

    /// <summary>
    /// Takes what changed in the replicated bans since the last notification into this node's guard: a new or
    /// changed ban is applied, a new tombstone lifts. An entry that did not change is left alone, so a ban this
    /// node has made since (not yet replicated) is not lifted by an old tombstone.
    /// </summary>
    private void Follow(LWWDictionary<string, BanRecord> bans)
    {
        var now = _clock.GetUtcNow();
        var seen = new Dictionary<string, BanRecord>(bans.Count);
        foreach (var (source, record) in bans.Entries)
        {
            seen[source] = record;
            if (_seen.TryGetValue(source, out var before) && before == record) continue;
            if (!IPAddress.TryParse(source, out var address)) continue;
            if (record.UntilUnixMilliseconds <= 0)
            {
                _guard.Lift(address);
                continue;
            }

            var until = DateTimeOffset.FromUnixTimeMilliseconds(record.UntilUnixMilliseconds);
            if (until > now) _guard.Apply(new Ban(address, until, record.Reason));
        }
        _seen = seen;
    }

    private sealed class Follower : ReceiveActor
    {
        public Follower(ClusterBanList owner)
        {
            Receive<Changed>(changed => owner.Follow(changed.Get(Key)));
            ReceiveAny(_ => { }); // update acknowledgements
        }
    }
}
