using Akka.Actor;
using Akka.DistributedData;

namespace Concentrator.Cluster.Membership;

/// <summary>
/// A yes/no setting for the whole cluster (the global switch for PPTP logins): flipped on any node,
/// replicated to every node with Distributed Data, read locally without a round trip. Until an operator
/// flips it, each node uses the value of its own configuration.
/// </summary>
public sealed class ClusterSwitch
{
    private readonly LWWRegisterKey<bool> _key;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.Cluster _cluster;
    private volatile bool _value;

    public ClusterSwitch(ActorSystem system, string name, bool initial)
    {
        _key = new LWWRegisterKey<bool>("switch-" + name);
        _value = initial;
        _replicator = DistributedData.Get(system).Replicator;
        _cluster = Akka.Cluster.Cluster.Get(system);
        var follower = system.ActorOf(Props.Create(() => new Follower(this)), "switch-" + name);
        _replicator.Tell(Dsl.Subscribe(_key, follower));
    }

    public bool Value
    {
        get => _value;
        set
        {
            _value = value;
            _replicator.Tell(Dsl.Update(_key, new LWWRegister<bool>(_cluster.SelfUniqueAddress, value), new WriteMajority(TimeSpan.FromSeconds(3)),
                register => register.WithValue(_cluster.SelfUniqueAddress, value)));
        }
    }

    private sealed class Follower : ReceiveActor
    {
        public Follower(ClusterSwitch owner)
        {
            Receive<Changed>(changed => owner._value = changed.Get(owner._key).Value);
            ReceiveAny(_ => { });
        }
    }
}
