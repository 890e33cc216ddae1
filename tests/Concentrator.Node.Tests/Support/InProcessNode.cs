using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Concentrator.Cluster;
using Concentrator.Cluster.Membership;
using Concentrator.Cluster.Persistence;
using Concentrator.Node.Configuration;
using Concentrator.Node.Hosting;
using Concentrator.Node.Operator;
using Concentrator.Node.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Concentrator.Node.Tests.Support;

/// <summary>
/// A node without its data plane, in this process and without privileges: a cluster of one on SQLite
/// running the cluster layer (<see cref="ClusterNode"/>, the node-control actor) and the operator API on a
/// free loopback port, answering for the cluster as `concentrator serve` does. A drain asked of it is
/// recorded, and the node leaves the cluster (what the data plane would add — refusing calls, ending
/// them — is not here).
/// </summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    private readonly WebApplication _api;
    private readonly TaskCompletionSource<TimeSpan> _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InProcessNode(CliConfig file, ActorSystem system, ClusterNode node, WebApplication api)
    {
        File = file;
        System = system;
        Node = node;
        _api = api;
    }

    /// <summary>The node's configuration file, as the CLI is given it.</summary>
    public CliConfig File { get; }

    public ActorSystem System { get; }

    public ClusterNode Node { get; }

    /// <summary>The deadline of the first drain asked of this node.</summary>
    public Task<TimeSpan> Drained => _drained.Task;

    /// <summary>Completes when this node has left the cluster (its member is removed).</summary>
    public Task Removed => _removed.Task;

    public static async Task<InProcessNode> StartAsync()
    {
        IOperatorBackend? backend = null;
        var api = OperatorApiHost(new DeferredBackend(() => backend ?? throw new InvalidOperationException("the node is starting")));
        await api.StartAsync();
        var listen = api.Urls.Single();
        var file = new CliConfig(new Uri(listen).Authority);
        var config = ConfigLoader.LoadValid(file.FilePath);
        var persistence = ConfigMapping.Persistence(config);
        SqliteDatabase.EnableWriteAheadLog(persistence);
        // Silent: its log would go to the console, into the output of the commands run against it.
        var system = ActorSystem.Create(ClusterEndpoint.SystemName, ConfigurationFactory.ParseString("akka { loglevel = OFF, stdout-loglevel = OFF }")
            .WithFallback(AkkaConfig.Build(persistence, new ClusterEndpoint("127.0.0.1", 0, []), config.Node.Id)));
        var cluster = Akka.Cluster.Cluster.Get(system);
        using (var joining = new CancellationTokenSource(TimeSpan.FromSeconds(30))) await cluster.JoinAsync(cluster.SelfAddress, joining.Token);
        var node = ClusterNode.Start(system, new ClusterNodeSettings(config.Node.Id, ConfigMapping.Pools(config), ConfigMapping.BruteForce(config)));
        var running = new InProcessNode(file, system, node, api);
        cluster.RegisterOnMemberRemoved(() => running._removed.TrySetResult());
        system.ActorOf(NodeControlActor.Props(config.Node.Id, deadline =>
        {
            running._drained.TrySetResult(deadline);
            return cluster.LeaveAsync();
        }), NodeControlActor.Name);
        backend = new ClusterOperatorBackend(system, node, new ClusterSwitch(system, "pptp", config.Policy.PptpEnabled));
        return running;
    }

    private static WebApplication OperatorApiHost(IOperatorBackend backend)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapOperatorApi(backend, CliConfig.Token, NullLogger.Instance);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await _api.StopAsync();
        await _api.DisposeAsync();
        await System.Terminate();
        File.Dispose();
    }
}
