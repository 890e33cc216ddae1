using System.Net;
using Akka.Hosting;
using Concentrator.Cluster.Persistence;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Configuration;
using Concentrator.Node.Operator;
using Concentrator.Node.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Concentrator.Node.Hosting;

/// <summary>
/// `concentrator serve`: one process that hosts the actor system (Akka.Hosting), the node runtime, and
/// on one HTTP port the Prometheus endpoint (/metrics) and the operator API (/api, token required).
/// </summary>
public static class NodeHost
{
    public static async Task<int> RunAsync(ConcentratorConfig config, string? demoUser, CancellationToken cancellation)
    {
        var privileges = Privileges.Check();
        if (!privileges.IsSufficient)
        {
            await Console.Error.WriteLineAsync($"concentrator: {privileges.Message}").ConfigureAwait(false);
            return 2;
        }
        var demo = DemoUser.Parse(demoUser);
        Directory.CreateDirectory(config.Node.DataDirectory);
        var persistence = ConfigMapping.Persistence(config);
        if (persistence.SqliteFile is not null) SqliteDatabase.EnableWriteAheadLog(persistence);
        try
        {
            await SchemaBootstrap.EnsureAsync(persistence, config.Node.Id, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            throw new ConfigException($"database.postgreSql: PostgreSQL did not let this node in ({e.Message}) — check the connection string, " +
                                      "that the server runs and is reachable, and that pg_hba.conf allows this host");
        }
        var token = OperatorToken.Ensure(config.Http.Token, config.Node.DataDirectory);
        using var runtimeMetrics = NodeTelemetry.ConfigureDefaultRegistry(config.Node.Id);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Listen(IPEndPoint.Parse(config.Http.Listen)));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(demo);
        builder.Services.AddAkka(Cluster.Membership.ClusterEndpoint.SystemName, akka =>
        {
            akka.AddHocon(AkkaConfig.Build(persistence, ConfigMapping.Cluster(config), config.Node.Id), HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
        });
        builder.Services.AddSingleton<NodeService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeService>());

        var app = builder.Build();
        var node = app.Services.GetRequiredService<NodeService>();
        app.MapMetrics("/metrics");
        app.MapOperatorApi(new DeferredBackend(() => node.Runtime.Operator), token, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Concentrator.Operator"));
        await app.RunAsync(cancellation).ConfigureAwait(false);
        return 0;
    }
}
