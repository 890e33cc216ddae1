using System.Net;

namespace Concentrator.Dataplane.Control;

/// <summary>The PPTP control listener (TCP, RFC 2637 §2: port 1723) and the limits it enforces before reading a byte.</summary>
public sealed record ListenerSettings
{
    /// <summary>The TCP port PPTP control connections use (RFC 2637 §2).</summary>
    public const int PptpPort = 1723;

    /// <summary>The local address to listen on; <see cref="IPAddress.Any"/> by default.</summary>
    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>The port; 1723 by default, 0 for any free port (tests).</summary>
    public int Port { get; init; } = PptpPort;

    /// <summary>Connections the kernel may hold completed but not yet accepted (listen(2) backlog).</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>Open connections allowed from one source address; the next is refused (per_source_limit).</summary>
    public int MaxConnectionsPerSource { get; init; } = 16;

    /// <summary>
    /// Connections still in setup (accepted less than <see cref="SetupWindow"/> ago and still open)
    /// allowed at once; the next is refused (setup_limit). Bounds the work a flood of new connections causes.
    /// </summary>
    public int MaxConnectionsInSetup { get; init; } = 1000;

    /// <summary>How long after its accept a connection counts as "in setup".</summary>
    public TimeSpan SetupWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Open connections allowed in total; the next is refused (connection_limit).</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Messages queued for sending on one connection; one more closes it (the peer stopped reading).</summary>
    public int SendQueueLimit { get; init; } = 256;

    /// <summary>The most one read takes, into a pooled buffer held only while the read completes (an idle connection holds none).</summary>
    public int ReceiveBufferSize { get; init; } = 4096;

    /// <summary>After a close, how long the peer gets to read what was sent and close its side before the socket is closed anyway.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often at most the same refusal of the same source is reported (diagnostic or log line); every one is counted.</summary>
    public TimeSpan RefusalReportInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address, nameof(Address));
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(Backlog, 1, nameof(Backlog));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerSource, 1, nameof(MaxConnectionsPerSource));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsInSetup, 1, nameof(MaxConnectionsInSetup));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendQueueLimit, 1, nameof(SendQueueLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferSize, 512, nameof(ReceiveBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SetupWindow, TimeSpan.Zero, nameof(SetupWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(CloseTimeout, TimeSpan.Zero, nameof(CloseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(RefusalReportInterval, TimeSpan.Zero, nameof(RefusalReportInterval));
    }
}
