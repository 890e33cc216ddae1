using Prometheus;

namespace Concentrator.Node.Telemetry;

/// <summary>
/// The registry a node serves on /metrics: every series carries <c>node="&lt;node.id&gt;"</c> (so dashboards and
/// alerts name the node whatever the scrape configuration says), plus the .NET runtime's metrics —
/// prometheus-net's process and GC figures and the runtime's own meter — and nothing from other libraries'
/// meters (System.Net.Quic alone would add some thirty private diagnostics).
/// </summary>
public static class NodeTelemetry
{
    /// <summary>The label every series of a node carries.</summary>
    public const string NodeLabel = "node";

    /// <summary>The .NET meter whose instruments are exported: GC, JIT, thread pool, locks, CPU time.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Prepares the process's default registry (the one /metrics serves). Call once, before anything creates a
    /// metric in it; dispose the result when the node stops.
    /// </summary>
    public static IDisposable ConfigureDefaultRegistry(string nodeId)
    {
        Metrics.SuppressDefaultMetrics();
        return Configure(Metrics.DefaultRegistry, nodeId);
    }

    /// <summary>Labels an empty registry with the node's id and adds the runtime's metrics to it.</summary>
    public static IDisposable Configure(CollectorRegistry registry, string nodeId)
    {
        registry.SetStaticLabels(new Dictionary<string, string> { [NodeLabel] = nodeId });
        DotNetStats.Register(registry);
        return MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == RuntimeMeter,
        });
    }
}
