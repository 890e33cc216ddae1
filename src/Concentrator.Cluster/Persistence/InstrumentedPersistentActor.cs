using System.Diagnostics;
using Akka.Persistence;

namespace Concentrator.Cluster.Persistence;

/// <summary>
/// A persistent actor that reports how long its journal writes take and when they fail, on the actor
/// system's event stream (<see cref="PersistenceWritten"/>, <see cref="PersistenceFailed"/>), where the node's
/// metrics pick them up. The cluster layer itself stays free of any metrics library.
/// </summary>
public abstract class InstrumentedPersistentActor : ReceivePersistentActor
{
    /// <summary>The store's name in reports: one of <see cref="PersistenceStores"/>.</summary>
    protected abstract string Store { get; }

    /// <summary>
    /// Wraps the handler of a Persist, PersistAll or PersistAsync call made now: each event's handler reports
    /// the time from this call until the journal confirmed the event, then runs <paramref name="handler"/>.
    /// </summary>
    protected Action<TEvent> Timed<TEvent>(Action<TEvent> handler)
    {
        var started = Stopwatch.GetTimestamp();
        var stream = Context.System.EventStream;
        var store = Store;
        return e =>
        {
            stream.Publish(new PersistenceWritten(store, Stopwatch.GetElapsedTime(started)));
            handler(e);
        };
    }

    /// <summary>The journal failed to write (the actor stops, as Akka.Persistence does).</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(new PersistenceFailed(Store, PersistenceFailureKind.Write, cause.Message));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused the event (for example it could not be serialized).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Context.System.EventStream.Publish(new PersistenceFailed(Store, PersistenceFailureKind.Rejected, cause.Message));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    /// <summary>The journal or snapshot store could not be read at start (the actor stops).</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.System.EventStream.Publish(new PersistenceFailed(Store, PersistenceFailureKind.Recovery, reason.Message));
        base.OnRecoveryFailure(reason, message);
    }
}

/// <summary>The names under which the persistent actors report (a metric label: keep the set small and fixed).</summary>
public static class PersistenceStores
{
    /// <summary>The address pool coordinator (a cluster singleton).</summary>
    public const string AddressPool = "address_pool";

    /// <summary>A node's address allocator.</summary>
    public const string AddressAllocator = "address_allocator";

    /// <summary>The user directory (a cluster singleton).</summary>
    public const string Users = "users";

    public static readonly IReadOnlyList<string> All = [AddressPool, AddressAllocator, Users];
}

/// <summary>One event written to the journal, and how long it took from the Persist call.</summary>
public sealed record PersistenceWritten(string Store, TimeSpan Elapsed);

/// <summary>How a persistent actor's storage failed.</summary>
public enum PersistenceFailureKind
{
    /// <summary>A journal write failed.</summary>
    Write,

    /// <summary>The journal refused an event.</summary>
    Rejected,

    /// <summary>Recovery at start failed.</summary>
    Recovery,
}

/// <summary>A persistent actor's storage failed.</summary>
public sealed record PersistenceFailed(string Store, PersistenceFailureKind Kind, string Reason);
