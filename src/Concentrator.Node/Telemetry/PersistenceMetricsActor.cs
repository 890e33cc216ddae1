using Akka.Actor;
using Concentrator.Cluster.Persistence;

namespace Concentrator.Node.Telemetry;

/// <summary>
/// Counts what the persistent actors report on the event stream (<see cref="InstrumentedPersistentActor"/>):
/// write latency per store, and failures by store and kind.
/// </summary>
public sealed class PersistenceMetricsActor : ReceiveActor
{
    public PersistenceMetricsActor(NodeMetrics metrics)
    {
        Receive<PersistenceWritten>(w => metrics.PersistenceWriteOf(w.Store).Observe(w.Elapsed.TotalSeconds));
        Receive<PersistenceFailed>(f => metrics.PersistenceFailures.WithLabels(f.Store, NodeMetrics.FailureLabel(f.Kind)).Inc());
    }

    public static Props Props(NodeMetrics metrics) => Akka.Actor.Props.Create(() => new PersistenceMetricsActor(metrics));
}
