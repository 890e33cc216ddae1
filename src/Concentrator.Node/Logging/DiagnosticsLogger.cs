using Akka.Actor;
using Concentrator.Sessions.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Concentrator.Node.Logging;

/// <summary>
/// Writes every <see cref="SessionDiagnostic"/> of the event stream as one structured log line — what
/// happened, then what to do — with the kind, peer, call ID and user as fields.
/// </summary>
public sealed partial class DiagnosticsLogger : ReceiveActor
{
    private readonly ILogger _logger;

    public DiagnosticsLogger(ILogger logger)
    {
        _logger = logger;
        Receive<SessionDiagnostic>(d =>
        {
            var level = LevelOf(d.Kind);
            if (_logger.IsEnabled(level)) Log(_logger, level, d.Message, d.Hint, d.Kind, d.Peer, d.CallId, d.User ?? "-");
        });
    }

    public static Props Props(ILogger logger) => Akka.Actor.Props.Create(() => new DiagnosticsLogger(logger));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(SessionDiagnostic));

    [LoggerMessage(Message = "{Message} — {Hint} [kind={Kind} peer={Peer} call={CallId} user={User}]")]
    private static partial void Log(ILogger logger, LogLevel level, string message, string hint, DiagnosticKind kind,
        System.Net.IPAddress peer, ushort callId, string user);

    private static LogLevel LevelOf(DiagnosticKind kind) => kind switch
    {
        DiagnosticKind.InternalError or DiagnosticKind.AuthBackendError or DiagnosticKind.PoolExhausted => LogLevel.Error,
        DiagnosticKind.BannedSource => LogLevel.Information,
        _ => LogLevel.Warning,
    };
}
