using Akka.TestKit.Xunit2;
using Concentrator.Sessions.Diagnostics;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>A TestKit that collects the operator diagnostics published while a test runs.</summary>
public abstract class EndToEndTest : TestKit
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<SessionDiagnostic> _diagnostics = new();

    protected EndToEndTest() : base("akka.loglevel = WARNING")
    {
        var collector = Sys.ActorOf(Akka.Actor.Props.Create(() => new DiagnosticCollector(_diagnostics)));
        Sys.EventStream.Subscribe(collector, typeof(SessionDiagnostic));
    }

    /// <summary>Waits (bounded) for a diagnostic of this kind and returns it.</summary>
    protected async Task<SessionDiagnostic> DiagnosticAsync(DiagnosticKind kind)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            lock (_diagnostics)
            {
                var found = _diagnostics.FirstOrDefault(d => d.Kind == kind);
                if (found is not null) return found;
            }
            await Task.Delay(20);
        }
        lock (_diagnostics)
            throw new Xunit.Sdk.XunitException($"no {kind} diagnostic; seen: {string.Join(" | ", _diagnostics)}");
    }

    protected IReadOnlyList<SessionDiagnostic> Diagnostics(DiagnosticKind kind)
    {
        lock (_diagnostics) return _diagnostics.Where(d => d.Kind == kind).ToList();
    }

    private sealed class DiagnosticCollector : Akka.Actor.ReceiveActor
    {
        public DiagnosticCollector(List<SessionDiagnostic> into) =>
            Receive<SessionDiagnostic>(d =>
            {
                lock (into) into.Add(d);
            });
    }
}
