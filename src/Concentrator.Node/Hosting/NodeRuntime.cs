using Akka.Actor;
using Akka.Cluster;
using Concentrator.Cluster;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Users;
using Concentrator.Dataplane;
using Concentrator.Node.Configuration;
using Concentrator.Node.Logging;
using Concentrator.Node.Operator;
using Concentrator.Node.Telemetry;
using Concentrator.Protocol.Auth;
using Concentrator.Sessions;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Concentrator.Node.Hosting;

/// <summary>
/// One running node, wired from its configuration: its part of the cluster (address pool, user
/// directory, bans, session claims — see <see cref="ClusterNode"/>), the data plane (listener, GRE,
/// TUN, LAN access) and the session layer between them.
/// </summary>
public sealed partial class NodeRuntime : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    private readonly ActorSystem _system;
    private readonly DataplaneHost _dataplane;
    private readonly SessionLayer _sessions;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _log;
    private int _stopping;

    private NodeRuntime(ActorSystem system, DataplaneHost dataplane, SessionLayer sessions, ClusterNode cluster, ClusterSwitch pptp,
        IHostApplicationLifetime lifetime, ILogger log)
    {
        _system = system;
        _dataplane = dataplane;
        _sessions = sessions;
        _lifetime = lifetime;
        _log = log;
        Cluster = cluster;
        Operator = new ClusterOperatorBackend(system, cluster, pptp);
    }

    /// <summary>What the operator API acts on.</summary>
    public IOperatorBackend Operator { get; }

    public ClusterNode Cluster { get; }

    public SessionLayer Sessions => _sessions;

    public static async Task<NodeRuntime> StartAsync(ConcentratorConfig config, ActorSystem system, ILoggerFactory loggers,
        CollectorRegistry registry, IHostApplicationLifetime lifetime, CancellationToken cancellation)
    {
        var log = loggers.CreateLogger("Concentrator.Node");
        var pools = ConfigMapping.Pools(config);
        await JoinAsync(config, system, log, cancellation).ConfigureAwait(false);
        var nodeMetrics = new NodeMetrics(registry, pools.Pools);
        nodeMetrics.CountPersistence(system);
        var cluster = ClusterNode.Start(system, new ClusterNodeSettings(config.Node.Id, pools, ConfigMapping.BruteForce(config)));
        var pptp = new ClusterSwitch(system, "pptp", config.Policy.PptpEnabled);
        var metrics = new SessionMetrics(registry);
        system.ActorOf(DiagnosticsLogger.Props(loggers.CreateLogger("Concentrator.Diagnostics")), "diagnostics");

        var dataplane = DataplaneHost.Open(ConfigMapping.Dataplane(config, pools), metrics);
        try
        {
            var timeout = cluster.Settings.AskTimeout;
            var layer = new SessionLayer(system, new SessionLayerOptions(
                ConfigMapping.Sessions(config),
                new DirectoryCredentialVerifier(new ActorUserDirectory(cluster.Users, timeout)),
                new ActorAddressAllocator(cluster.Allocator, timeout),
                cluster.Bans,
                dataplane.GreSender,
                dataplane.Tun,
                metrics,
                config.Node.Id,
                config.Tunnel.Interface,
                () => pptp.Value), cluster.Claims);
            dataplane.Start(layer, system);
            new NodeStateReader(nodeMetrics, system, cluster, layer.Routes).Attach(registry);
            var runtime = new NodeRuntime(system, dataplane, layer, cluster, pptp, lifetime, log);
            system.ActorOf(NodeControlActor.Props(config.Node.Id, runtime.DrainAsync), NodeControlActor.Name);
            var poolList = string.Join(", ", config.Pools.Select(p => $"{p.Name} {p.Range}"));
            LogStarted(log, config.Node.Id, config.Listen.Address, config.Listen.Port, config.Tunnel.Interface, poolList, config.Http.Listen);
            return runtime;
        }
        catch
        {
            await dataplane.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Joins the seed nodes (or forms a cluster of one) and waits until this node is Up.</summary>
    private static async Task JoinAsync(ConcentratorConfig config, ActorSystem system, ILogger log, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (config.Cluster.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
        while (!up.Task.IsCompleted)
        {
            await Task.WhenAny(up.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellation)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            if (!up.Task.IsCompleted) LogJoining(log, string.Join(", ", config.Cluster.SeedNodes));
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

    /// <summary>
    /// Drains this node: no new calls; the calls it has may end by themselves until the deadline, then the
    /// rest are ended properly; then it leaves the cluster (its singletons move) and the process stops.
    /// </summary>
    public async Task DrainAsync(TimeSpan deadline)
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1) return;
        _dataplane.Listener.StopAccepting();
        LogDraining(_log, deadline.TotalSeconds);
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until)
        {
            var list = await _sessions.Directory.Ask<SessionList>(ListSessions.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (list.Sessions.Count == 0) break;
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        await EndSessionsAsync("the node is draining").ConfigureAwait(false);
        var cluster = Akka.Cluster.Cluster.Get(_system);
        await cluster.LeaveAsync().ConfigureAwait(false);
        LogLeft(_log);
        _lifetime.StopApplication();
    }

    /// <summary>Says goodbye to every client (LCP Terminate, Call-Disconnect-Notify, Stop-Control-Connection-Request), then stops the data plane.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 2) != 2) await EndSessionsAsync("the concentrator is shutting down").ConfigureAwait(false);
        await _dataplane.DisposeAsync().ConfigureAwait(false);
    }

    private async Task EndSessionsAsync(string reason)
    {
        LogStopping(_log, reason);
        try
        {
            await _sessions.ShutdownAsync(reason, ShutdownTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            LogShutdownSlow(_log, ShutdownTimeout.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "node {Node} up: PPTP on {Address}:{Port}, tunnel {Interface}, pools {Pools}, metrics and operator API on http://{Http}")]
    private static partial void LogStarted(ILogger logger, string node, string address, int port, string @interface, string pools, string http);

    [LoggerMessage(Level = LogLevel.Warning, Message = "still joining the cluster through the seed nodes {Seeds}: check that they run and that the cluster port is open between the nodes")]
    private static partial void LogJoining(ILogger logger, string seeds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "demo user '{User}' created: for trying the node out only — remove it (concentrator users remove) before production use")]
    private static partial void LogDemoUser(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "draining: no new calls; the calls here may end by themselves for {Seconds} s, then they are ended and the node leaves the cluster")]
    private static partial void LogDraining(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "left the cluster; stopping")]
    private static partial void LogLeft(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "ending every call ({Reason}): telling each client goodbye and releasing its address")]
    private static partial void LogStopping(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "not every client answered within {Seconds} s; closing the rest")]
    private static partial void LogShutdownSlow(ILogger logger, double seconds);
}
