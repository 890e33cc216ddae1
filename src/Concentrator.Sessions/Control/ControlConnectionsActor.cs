using Akka.Actor;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Control;

/// <summary>
/// The parent of every control-connection actor of a node: creates one per accepted connection,
/// stops (never restarts) one that fails, counts them, and on shutdown tells each to end its calls and
/// say goodbye (Stop-Control-Connection-Request), answering when the last one is gone.
/// </summary>
public sealed class ControlConnectionsActor : ReceiveActor
{
    private readonly ControlConnectionOptions _options;
    private readonly SessionMetrics _metrics;
    private readonly List<IActorRef> _shutdownWaiters = new();
    private long _next;

    public ControlConnectionsActor(ControlConnectionOptions options)
    {
        _options = options;
        _metrics = options.Metrics;
        Receive<Accept>(accept =>
        {
            var connection = Context.ActorOf(ControlConnectionActor.Props(accept.Link, _options), $"pptp-{++_next}");
            Context.Watch(connection);
            _metrics.ControlConnections.Inc();
            Sender.Tell(connection);
        });
        Receive<ShutdownAll>(shutdown =>
        {
            _shutdownWaiters.Add(Sender);
            foreach (var child in Context.GetChildren()) child.Tell(new ControlConnectionActor.Shutdown(shutdown.Reason));
            ReplyIfDone();
        });
        Receive<Terminated>(_ =>
        {
            _metrics.ControlConnections.Dec();
            ReplyIfDone();
        });
    }

    public static Props Props(ControlConnectionOptions options) =>
        Akka.Actor.Props.Create(() => new ControlConnectionsActor(options));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void ReplyIfDone()
    {
        if (_shutdownWaiters.Count == 0 || Context.GetChildren().Any()) return;
        foreach (var waiter in _shutdownWaiters) waiter.Tell(new ShutdownComplete());
        _shutdownWaiters.Clear();
    }

    /// <summary>A connection was accepted; the answer is its actor.</summary>
    public sealed record Accept(IControlLink Link);

    /// <summary>End every call and connection; answered with <see cref="ShutdownComplete"/>.</summary>
    public sealed record ShutdownAll(string Reason);

    public sealed record ShutdownComplete;
}
