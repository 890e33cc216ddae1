using Akka.Actor;
using Concentrator.Node.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Concentrator.Node.Hosting;

/// <summary>
/// Starts the node's runtime once the actor system is up, and on SIGTERM ends it gracefully: every
/// client is told (LCP Terminate, Call-Disconnect-Notify, Stop-Control-Connection-Request) and every
/// lease released before the actor system stops.
/// </summary>
public sealed class NodeService(ActorSystem system, ConcentratorConfig config, ILoggerFactory loggers, DemoUser demo, IHostApplicationLifetime lifetime)
    : IHostedService
{
    private NodeRuntime? _runtime;

    /// <summary>The running node; set once <see cref="StartAsync"/> has finished.</summary>
    public NodeRuntime Runtime => _runtime ?? throw new InvalidOperationException("the node is not running yet");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime = await NodeRuntime.StartAsync(config, system, loggers, Metrics.DefaultRegistry, lifetime, cancellationToken).ConfigureAwait(false);
        if (demo.Name is not null) await _runtime.EnsureDemoUserAsync(demo.Name, demo.Password!).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runtime is not null) await _runtime.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The --demo-user of `serve`: created at start if missing.</summary>
public sealed record DemoUser(string? Name, string? Password)
{
    public static DemoUser Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new DemoUser(null, null);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            throw new ConfigException($"--demo-user '{text}': write it as NAME:PASSWORD");
        return new DemoUser(text[..colon], text[(colon + 1)..]);
    }
}
