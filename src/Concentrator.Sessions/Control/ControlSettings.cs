namespace Concentrator.Sessions.Control;

/// <summary>How the PAC side of a control connection behaves (RFC 2637 §2, §3).</summary>
public sealed record ControlSettings
{
    /// <summary>Our host name in Start-Control-Connection-Reply (§2.2).</summary>
    public string HostName { get; init; } = "concentrator";

    /// <summary>Our vendor string in Start-Control-Connection-Reply (§2.2).</summary>
    public string VendorName { get; init; } = "Concentrator";

    public ushort FirmwareRevision { get; init; } = 1;

    /// <summary>A connection that sends no Start-Control-Connection-Request within this time is closed.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Silence after which we send an Echo-Request (§3.1.4: 60 seconds).</summary>
    public TimeSpan EchoIdle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an Echo-Request may stay unanswered before the connection is closed (§3.1.4).</summary>
    public TimeSpan EchoTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a state that waits for the peer (our Stop-Control-Connection-Request) may last before we give up (§3.1.4).</summary>
    public TimeSpan StuckTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Calls one control connection may carry (Windows places one; pptp-linux may multiplex).</summary>
    public int MaxCallsPerConnection { get; init; } = 16;

    /// <summary>The connect speed we report in Outgoing-Call-Reply (§2.8), in bits per second.</summary>
    public uint ConnectSpeed { get; init; } = 100_000_000;

    /// <summary>Malformed control messages tolerated on one connection before it is closed.</summary>
    public int MaxMalformedMessages { get; init; } = 3;

    /// <summary>
    /// The first malformed message of a connection is reported to the operator at once; those that follow within
    /// this time are counted and reported together at its end, so a faulty client cannot flood the log.
    /// </summary>
    public TimeSpan MalformedReportInterval { get; init; } = TimeSpan.FromSeconds(60);
}
