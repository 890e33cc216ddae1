using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Diagnostics;

namespace Concentrator.Sessions.Control;

/// <summary>What the control-connection state asks its actor to do.</summary>
public abstract record ControlEffect;

/// <summary>Send a control message.</summary>
public sealed record SendControl(PptpMessage Message) : ControlEffect;

/// <summary>Start a call actor for a call just accepted.</summary>
public sealed record StartCall(CallSetup Setup) : ControlEffect;

/// <summary>Tell a call to end (it reports back with <see cref="ControlConnection.OnCallEnded"/>).</summary>
public sealed record HangUpCall(ushort CallId, CallDisconnectResult Result, string Reason) : ControlEffect;

/// <summary>Close the TCP connection (after what was sent) and stop.</summary>
public sealed record CloseConnection(string Reason) : ControlEffect;

/// <summary>Arm (or re-arm) one of the connection's timers.</summary>
public sealed record ArmTimer(ControlTimer Timer, TimeSpan After) : ControlEffect;

/// <summary>Cancel one of the connection's timers.</summary>
public sealed record CancelTimer(ControlTimer Timer) : ControlEffect;

/// <summary>Tell the operator something (logged as one structured line and counted).</summary>
public sealed record Diagnose(DiagnosticKind Kind, string Message, string Hint) : ControlEffect;

/// <summary>Count one malformed control message (concentrator_control_malformed_total); every one is counted, reported or not.</summary>
public sealed record CountMalformed : ControlEffect
{
    public static readonly CountMalformed Instance = new();
}

/// <summary>Write a line to the debug log: something worth knowing when tracing a client, not worth an operator's attention.</summary>
public sealed record DebugLog(string Message) : ControlEffect;

/// <summary>The timers of a control connection (RFC 2637 §3.1.4).</summary>
public enum ControlTimer
{
    /// <summary>Waiting for Start-Control-Connection-Request.</summary>
    Start,
    /// <summary>Silence before we send an Echo-Request, then the wait for its reply.</summary>
    Echo,
    /// <summary>Waiting for Stop-Control-Connection-Reply.</summary>
    Stop,
    /// <summary>Malformed messages are not reported one by one until it fires.</summary>
    MalformedReport,
}
