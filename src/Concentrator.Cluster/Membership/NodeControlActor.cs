using Akka.Actor;

namespace Concentrator.Cluster.Membership;

/// <summary>Each node's /user/node-control: takes <see cref="DrainNode"/> from an operator on any node and starts the drain here, and tells its clock.</summary>
public sealed class NodeControlActor : ReceiveActor
{
    public NodeControlActor(string nodeId, Func<TimeSpan, Task> drain)
    {
        Receive<DrainNode>(d =>
        {
            _ = drain(TimeSpan.FromMilliseconds(d.DeadlineMilliseconds));
            Sender.Tell(new DrainAccepted(nodeId));
        });
        Receive<ClockQuery>(_ => Sender.Tell(new ClockReply(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
    }

    public const string Name = "node-control";

    public static Props Props(string nodeId, Func<TimeSpan, Task> drain) => Akka.Actor.Props.Create(() => new NodeControlActor(nodeId, drain));
}
