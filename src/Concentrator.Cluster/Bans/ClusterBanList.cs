using System.Net;
using Akka.Actor;
using Akka.DistributedData;
using Concentrator.Sessions.Policy;

namespace Concentrator.Cluster.Bans;

/// <summary>
/// The ban list of the whole cluster. Each node counts failed logins itself (a <see cref="BruteForceGuard"/>);
/// a ban — made by a node's guard or by an operator — is replicated to every node with Distributed Data (an
/// LWW dictionary keyed by address), and each node answers <see cref="IsBanned"/> from its own replica, without
/// a network round trip, before reading a byte of a new connection. A lifted ban is removed everywhere.
/// </summary>
public sealed class ClusterBanList : IBanList
{
    public static readonly LWWDictionaryKey<string, BanRecord> Key = new("concentrator-bans");

    private readonly BruteForceGuard _guard;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.UniqueAddress _self;
    private HashSet<IPAddress> _replicated = [];
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
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, BanRecord>.Empty, new WriteMajority(TimeSpan.FromSeconds(3)),
            map => map.Remove(_self, source.ToString())));
        return known;
    }

    public IReadOnlyList<Ban> Active() => _guard.Active();

    private void Publish(Ban ban)
    {
        var record = new BanRecord(ban.Source.ToString(), ban.Until.ToUnixTimeMilliseconds(), ban.Reason);
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, BanRecord>.Empty, new WriteMajority(TimeSpan.FromSeconds(3)),
            map => map.SetItem(_self, record.Source, record, null)));
    }

    /// <summary>Takes the replicated bans into this node's guard.</summary>
    private void Follow(LWWDictionary<string, BanRecord> bans)
    {
        var now = _clock.GetUtcNow();
        var present = new HashSet<IPAddress>();
        foreach (var (source, record) in bans.Entries)
        {
            if (!IPAddress.TryParse(source, out var address)) continue;
            present.Add(address);
            var until = DateTimeOffset.FromUnixTimeMilliseconds(record.UntilUnixMilliseconds);
            if (until > now) _guard.Apply(new Ban(address, until, record.Reason));
        }
        // Lifted elsewhere: gone from the replica since we last saw it (a ban this node has just made and
        // not yet seen replicated stays).
        foreach (var source in _replicated)
            if (!present.Contains(source)) _guard.Lift(source);
        _replicated = present;
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
