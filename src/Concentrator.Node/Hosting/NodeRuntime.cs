using System.Net;
using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Users;
using Concentrator.Dataplane;
using Concentrator.Node.Configuration;
using Concentrator.Node.Logging;
using Concentrator.Node.Operator;
using Concentrator.Node.Users;
using Concentrator.Protocol.Auth;
using Concentrator.Sessions;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Users;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Concentrator.Node.Hosting;

/// <summary>
/// One running node, wired from its configuration: the address pool (coordinator and this node's
/// allocator), the user directory, the brute-force guard, the data plane (listener, GRE, TUN, LAN
/// access) and the session layer between them.
/// </summary>
public sealed partial class NodeRuntime : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    private readonly DataplaneHost _dataplane;
    private readonly SessionLayer _sessions;
    private readonly ILogger _log;
    private bool _disposed;

    private NodeRuntime(DataplaneHost dataplane, SessionLayer sessions, IOperatorBackend backend, ILogger log)
    {
        _dataplane = dataplane;
        _sessions = sessions;
        Operator = backend;
        _log = log;
    }

    /// <summary>What the operator API acts on.</summary>
    public IOperatorBackend Operator { get; }

    public SessionLayer Sessions => _sessions;

    public static Task<NodeRuntime> StartAsync(
        ConcentratorConfig config, ActorSystem system, ILoggerFactory loggers, CollectorRegistry registry, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var log = loggers.CreateLogger("Concentrator.Node");
        var pools = ConfigMapping.Pools(config);
        var incarnation = new NodeIncarnation(config.Node.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var coordinator = system.ActorOf(PoolCoordinatorActor.Props(pools), "address-pool");
        coordinator.Tell(new NodeUp(incarnation.NodeId, incarnation.Incarnation));
        var allocator = system.ActorOf(NodeAddressAllocatorActor.Props(incarnation, pools, coordinator), "addresses");
        var users = system.ActorOf(UserDirectoryActor.Props(pools.Pools, coordinator), "users");
        var bans = new BruteForceGuard(ConfigMapping.BruteForce(config), TimeProvider.System);
        var pptp = new PptpSwitch(config.Policy.PptpEnabled);
        var metrics = new SessionMetrics(registry);
        system.ActorOf(DiagnosticsLogger.Props(loggers.CreateLogger("Concentrator.Diagnostics")), "diagnostics");

        var dataplane = DataplaneHost.Open(ConfigMapping.Dataplane(config, pools), metrics);
        try
        {
            var layer = new SessionLayer(system, new SessionLayerOptions(
                ConfigMapping.Sessions(config),
                new DirectoryCredentialVerifier(new ActorUserDirectory(users, AskTimeout)),
                new ActorAddressAllocator(allocator, AskTimeout),
                bans,
                dataplane.GreSender,
                dataplane.Tun,
                metrics,
                config.Node.Id,
                config.Tunnel.Interface,
                () => pptp.Enabled));
            dataplane.Start(layer, system);
            var backend = new LocalOperatorBackend(new ActorUserAdmin(users, AskTimeout), layer.Directory, bans, coordinator, allocator, pptp, AskTimeout);
            var poolList = string.Join(", ", config.Pools.Select(p => $"{p.Name} {p.Range}"));
            LogStarted(log, config.Node.Id, config.Listen.Address, config.Listen.Port, config.Tunnel.Interface, poolList, config.Http.Listen);
            return Task.FromResult(new NodeRuntime(dataplane, layer, backend, log));
        }
        catch
        {
            dataplane.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Adds the --demo-user unless a user of that name exists.</summary>
    public async Task EnsureDemoUserAsync(string name, string password)
    {
        var existing = await Operator.Users.ListAsync().ConfigureAwait(false);
        if (existing.Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase))) return;
        var error = await Operator.Users.AddAsync(name, MsChapV2.NtPasswordHash(password), allowVpn: true, staticAddress: null).ConfigureAwait(false);
        if (error is null) LogDemoUser(_log, name);
        else throw new ConfigException($"--demo-user: {error}");
    }

    /// <summary>Says goodbye to every client (LCP Terminate, Call-Disconnect-Notify, Stop-Control-Connection-Request), then stops the data plane.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        LogStopping(_log);
        try
        {
            await _sessions.ShutdownAsync("the concentrator is shutting down", ShutdownTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            LogShutdownSlow(_log, ShutdownTimeout.TotalSeconds);
        }
        await _dataplane.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "node {Node} up: PPTP on {Address}:{Port}, tunnel {Interface}, pools {Pools}, metrics and operator API on http://{Http}")]
    private static partial void LogStarted(ILogger logger, string node, string address, int port, string @interface, string pools, string http);

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo user '{User}' created: for trying the node out only — remove it (concentrator users remove) before production use")]
    private static partial void LogDemoUser(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping: telling every client goodbye and releasing its address")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "not every client answered within {Seconds} s; closing the rest")]
    private static partial void LogShutdownSlow(ILogger logger, double seconds);
}
