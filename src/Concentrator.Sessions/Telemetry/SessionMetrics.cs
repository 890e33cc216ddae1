using Concentrator.Protocol.Mppe;
using Prometheus;

namespace Concentrator.Sessions.Telemetry;

/// <summary>
/// The session layer's Prometheus metrics, created once per registry and cached in fields (issue:
/// low-cardinality labels only, no per-user or per-session labels). Packet counters are added per
/// batch, not per packet. Every label value that the code can produce is created up front at 0, so
/// that each series exists from the node's start: rate() and increase() then see the first event, and
/// a dashboard panel shows 0 rather than "no data".
/// </summary>
public sealed class SessionMetrics
{
    public SessionMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        ControlConnections = f.CreateGauge("concentrator_control_connections", "PPTP control connections open (TCP 1723).");
        Setups = f.CreateCounter("concentrator_session_setups_total",
            "Session setups by result: ok, bad_password, no_vpn_permission, disabled, encryption_refused, auth_protocol_refused, banned, timeout, error.",
            "result");
        SetupDuration = f.CreateHistogram("concentrator_session_setup_duration_seconds",
            "Time from Outgoing-Call-Request to IPCP and CCP Opened.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        AuthFailures = f.CreateCounter("concentrator_auth_failures_total", "Failed MS-CHAPv2 logins by reason.", "reason");
        LcpEchoFailures = f.CreateCounter("concentrator_lcp_echo_failures_total", "Calls ended because LCP Echo-Requests went unanswered.");
        CallsWithoutGre = f.CreateCounter("concentrator_calls_without_gre_total",
            "Calls set up on TCP 1723 that received no GRE from the peer in time (GRE blocked: Windows error 619).");
        GrePackets = f.CreateCounter("concentrator_gre_packets_total", "GRE packets by direction (in, out).", "direction");
        GreBytes = f.CreateCounter("concentrator_gre_bytes_total", "GRE payload bytes by direction (in, out).", "direction");
        GreDrops = f.CreateCounter("concentrator_gre_drops_total",
            "GRE packets dropped by reason: unknown_call, malformed, duplicate, out_of_window (behind the receive window), window_full (the peer's window), not_encrypted, too_big (larger than the peer's MRU, or a control frame larger than our send buffer), overload (the call's mailbox was full).",
            "reason");
        MppeErrors = f.CreateCounter("concentrator_mppe_errors_total", "MPPE packets that failed to decrypt, by kind.", "kind");
        TunPackets = f.CreateCounter("concentrator_tun_packets_total", "IP packets through the TUN device by direction (in = to the LAN, out = to clients).", "direction");
        PppDrops = f.CreateCounter("concentrator_ppp_drops_total", "PPP frames dropped by reason (malformed: not a PPP frame once out of GRE or MPPE).", "reason");
        SessionsEnded = f.CreateCounter("concentrator_sessions_ended_total",
            "Calls ended, by cause: ended (the session had been up), setup_failed (it never came up).", "cause");
        ControlRefused = f.CreateCounter("concentrator_control_connections_refused_total",
            "TCP 1723 connections closed before a byte was read, by reason: banned (brute-force guard), per_source_limit, setup_limit (too many still in setup), connection_limit.",
            "reason");
        ControlMalformed = f.CreateCounter("concentrator_control_malformed_total",
            "PPTP control messages from clients that did not decode, or that only a PAC sends (RFC 2637 §2); each is ignored, too many close the connection.");
        ControlSendOverflows = f.CreateCounter("concentrator_control_send_overflows_total",
            "Control connections closed because their send queue overflowed (the peer stopped reading).");
        TunDrops = f.CreateCounter("concentrator_tun_drops_total",
            "IP packets dropped between the TUN device and the sessions, by reason: not_ipv4, malformed, no_route (no session has the destination address), too_big, write_failed (the kernel refused a packet from a client), overload (the session's mailbox was full).",
            "reason");
        GreSendFailures = f.CreateCounter("concentrator_gre_send_failures_total",
            "GRE packets the kernel refused to send, by errno (ENOBUFS: interface queue full; EHOSTUNREACH/ENETUNREACH: no route to the client; EMSGSIZE: larger than the path MTU).",
            "errno");

        _setups = Children(Setups, Enum.GetValues<SetupResult>());
        _authFailures = Children(AuthFailures, Enum.GetValues<AuthFailureReason>());
        _sessionsEnded = Children(SessionsEnded, Enum.GetValues<SessionEndCause>());
        foreach (var errno in GreSendErrnos) GreSendFailures.WithLabels(errno);
        _greDrops = Enum.GetValues<GreDropReason>().Select(r => GreDrops.WithLabels(Label(r.ToString()))).ToArray();
        _controlRefused = Enum.GetValues<ControlRefusal>().Select(r => ControlRefused.WithLabels(Label(r.ToString()))).ToArray();
        _tunDrops = Enum.GetValues<TunDropReason>().Select(r => TunDrops.WithLabels(Label(r.ToString()))).ToArray();
        // MppeError.None (0) is no error: no series for it; the array starts at the first error.
        _mppeErrors = Enum.GetValues<MppeError>().Where(e => e != Protocol.Mppe.MppeError.None)
            .Select(e => MppeErrors.WithLabels(Label(e.ToString()))).ToArray();
        PppMalformed = PppDrops.WithLabels("malformed");
        GreIn = GrePackets.WithLabels("in");
        GreOut = GrePackets.WithLabels("out");
        GreBytesIn = GreBytes.WithLabels("in");
        GreBytesOut = GreBytes.WithLabels("out");
        TunIn = TunPackets.WithLabels("in");
        TunOut = TunPackets.WithLabels("out");
    }

    /// <summary>
    /// The errno names (as the data plane's Errno enum spells them) that GRE sends are known to fail with;
    /// created at 0. Another errno gets its series when it first happens.
    /// </summary>
    public static readonly IReadOnlyList<string> GreSendErrnos = ["ENOBUFS", "EHOSTUNREACH", "ENETUNREACH", "EMSGSIZE"];

    private readonly Counter.Child[] _setups;
    private readonly Counter.Child[] _authFailures;
    private readonly Counter.Child[] _sessionsEnded;
    private readonly Counter.Child[] _greDrops;
    private readonly Counter.Child[] _mppeErrors;
    private readonly Counter.Child[] _controlRefused;
    private readonly Counter.Child[] _tunDrops;

    /// <summary>The cached counter of session setups that ended with <paramref name="result"/>.</summary>
    public Counter.Child Setup(SetupResult result) => _setups[(int)result];

    /// <summary>The cached counter of failed logins for one reason.</summary>
    public Counter.Child AuthFailure(AuthFailureReason reason) => _authFailures[(int)reason];

    /// <summary>The cached counter of calls ended for one cause.</summary>
    public Counter.Child SessionEnded(SessionEndCause cause) => _sessionsEnded[(int)cause];

    /// <summary>The cached counter of GRE drops for one reason.</summary>
    public Counter.Child GreDrop(GreDropReason reason) => _greDrops[(int)reason];

    /// <summary>The cached counter of one kind of MPPE error (any value but None).</summary>
    public Counter.Child MppeError(MppeError error) => _mppeErrors[(int)error - 1];

    /// <summary>The cached counter of control connections refused for one reason.</summary>
    public Counter.Child ControlRefusedFor(ControlRefusal reason) => _controlRefused[(int)reason];

    /// <summary>The cached counter of TUN-side drops for one reason.</summary>
    public Counter.Child TunDrop(TunDropReason reason) => _tunDrops[(int)reason];

    public Counter.Child PppMalformed { get; }

    public Gauge ControlConnections { get; }
    public Counter Setups { get; }
    public Histogram SetupDuration { get; }
    public Counter AuthFailures { get; }
    public Counter LcpEchoFailures { get; }
    public Counter CallsWithoutGre { get; }
    public Counter GrePackets { get; }
    public Counter GreBytes { get; }
    public Counter GreDrops { get; }
    public Counter MppeErrors { get; }
    public Counter TunPackets { get; }
    public Counter PppDrops { get; }
    public Counter SessionsEnded { get; }
    public Counter ControlRefused { get; }
    public Counter ControlMalformed { get; }
    public Counter ControlSendOverflows { get; }
    public Counter TunDrops { get; }
    public Counter GreSendFailures { get; }

    /// <summary>One child per enum value (in the enum's order, which starts at 0), labelled with its snake_case name.</summary>
    private static Counter.Child[] Children<T>(Counter counter, T[] values) where T : struct, Enum =>
        values.Select(v => counter.WithLabels(Label(v.ToString()))).ToArray();

    /// <summary>PascalCase enum name → snake_case label value.</summary>
    public static string Label(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public Counter.Child GreIn { get; }
    public Counter.Child GreOut { get; }
    public Counter.Child GreBytesIn { get; }
    public Counter.Child GreBytesOut { get; }
    public Counter.Child TunIn { get; }
    public Counter.Child TunOut { get; }
}

/// <summary>How a session setup ended (the label of concentrator_session_setups_total).</summary>
public enum SetupResult
{
    /// <summary>LCP, MS-CHAPv2, CCP (MPPE) and IPCP are up.</summary>
    Ok,

    /// <summary>Wrong password or unknown user (E=691).</summary>
    BadPassword,

    /// <summary>The user may not dial in (E=649).</summary>
    NoVpnPermission,

    /// <summary>The account is disabled (E=647).</summary>
    Disabled,

    /// <summary>The client would not use MPPE-128 (Windows errors 741/742).</summary>
    EncryptionRefused,

    /// <summary>The client Configure-Rejected or Naked MS-CHAPv2 in LCP (the Authentication-Protocol option, RFC 1661 §6.2; Windows shows error 741/742).</summary>
    AuthProtocolRefused,

    /// <summary>A wrong password that got the source banned by the brute-force guard.</summary>
    Banned,

    /// <summary>The call did not come up in time, or the client stopped answering during setup.</summary>
    Timeout,

    /// <summary>Anything else: no address, the client hung up or refused something, an internal error.</summary>
    Error,
}

/// <summary>Why a login failed (the label of concentrator_auth_failures_total).</summary>
public enum AuthFailureReason
{
    /// <summary>Wrong password or unknown user (E=691).</summary>
    BadPassword,

    /// <summary>The user may not dial in (E=649).</summary>
    NoVpnPermission,

    /// <summary>The account is disabled (E=647).</summary>
    Disabled,

    /// <summary>The user directory did not answer.</summary>
    Error,
}

/// <summary>How a call ended (the label of concentrator_sessions_ended_total).</summary>
public enum SessionEndCause
{
    /// <summary>The session had been up.</summary>
    Ended,

    /// <summary>It never came up.</summary>
    SetupFailed,
}

/// <summary>Why a GRE packet was dropped (the label of concentrator_gre_drops_total).</summary>
public enum GreDropReason
{
    UnknownCall,
    Malformed,
    Duplicate,
    OutOfWindow,
    WindowFull,
    NotEncrypted,
    TooBig,
    Overload,
}

/// <summary>Why a control connection was refused (the label of concentrator_control_connections_refused_total).</summary>
public enum ControlRefusal
{
    Banned,
    PerSourceLimit,
    SetupLimit,
    ConnectionLimit,
    Draining,
}

/// <summary>Why an IP packet between the TUN device and the sessions was dropped (the label of concentrator_tun_drops_total).</summary>
public enum TunDropReason
{
    NotIpv4,
    Malformed,
    NoRoute,
    TooBig,
    WriteFailed,
    Overload,
}
