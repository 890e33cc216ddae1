using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Dataplane.Control;

/// <summary>
/// Listens for PPTP control connections (RFC 2637 §2: TCP port 1723). Each accepted connection is
/// judged before a byte is read: a source the brute-force guard banned, one with too many
/// connections open, or one arriving while too many are still in setup is closed at once with a
/// reset (no TIME_WAIT left behind) and counted in concentrator_control_connections_refused_total;
/// a banned source is also reported to the operator as a <see cref="SessionDiagnostic"/>. An admitted
/// connection becomes a <see cref="TcpControlLink"/> handed to the session layer, which answers with
/// the connection actor the link then feeds. The listening socket is bound in the constructor, in
/// the calling thread's network namespace; <see cref="Start"/> runs the accept loop.
/// </summary>
public sealed class ControlListener : IAsyncDisposable
{
    /// <summary>Reports kept per (refusal, source) for throttling; more are forgotten.</summary>
    private const int MaxReportKeys = 4096;

    private readonly ListenerSettings _settings;
    private readonly SessionMetrics _metrics;
    private readonly Socket _socket;
    private readonly ConnectionLimiter _limiter;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpControlLink, bool> _links = new();
    private readonly Dictionary<(ControlRefusal, IPAddress), Report> _reports = new();
    private Func<IControlLink, Task<IActorRef>> _accept = null!;
    private IBanList _bans = null!;
    private EventStream _events = null!;
    private ILoggingAdapter _log = null!;
    private Task? _loop;

    private volatile bool _draining;

    /// <summary>Binds and listens on <see cref="ListenerSettings.Address"/>:<see cref="ListenerSettings.Port"/>.</summary>
    /// <exception cref="DataplaneException">The port cannot be listened on (in use, no permission, address not local).</exception>
    public ControlListener(ListenerSettings settings, SessionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _metrics = metrics;
        _limiter = new ConnectionLimiter(settings);
        _socket = new Socket(settings.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (settings.Address.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }
            // A restarted node must not wait for its old connections' TIME_WAIT to end.
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(new IPEndPoint(settings.Address, settings.Port));
            _socket.Listen(settings.Backlog);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new DataplaneException(
                $"cannot listen for PPTP control connections on {settings.Address}:{settings.Port}: {e.SocketErrorCode} ({e.Message}){ListenHint(e.SocketErrorCode)}", e);
        }
    }

    /// <summary>The address and port listened on (the port the kernel chose when <see cref="ListenerSettings.Port"/> is 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Connections admitted and not yet closed.</summary>
    public int OpenConnections => _limiter.Open;

    /// <summary>
    /// Starts accepting. <paramref name="accept"/> gives each admitted link its connection actor
    /// (<c>SessionLayer.AcceptAsync</c>); <paramref name="bans"/> is asked about each source;
    /// diagnostics go to <paramref name="system"/>'s event stream and its log.
    /// </summary>
    public void Start(ActorSystem system, IBanList bans, Func<IControlLink, Task<IActorRef>> accept)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(bans);
        ArgumentNullException.ThrowIfNull(accept);
        if (_loop is not null)
        {
            throw new InvalidOperationException("the listener was started already");
        }
        _accept = accept;
        _bans = bans;
        _events = system.EventStream;
        _log = Logging.GetLogger(system, nameof(ControlListener));
        _loop = AcceptLoopAsync();
    }

    /// <summary>Refuses new connections from now on (the node is draining); open ones are not touched.</summary>
    public void StopAccepting() => _draining = true;

    /// <summary>Stops accepting and closes every connection still open (the session layer should have ended them first).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop;
        }
        foreach (var link in _links.Keys)
        {
            link.Abort("the node is stopping");
        }
        await Task.WhenAll(_links.Keys.Select(link => link.Completion));
        _stop.Dispose();
    }

    private static string ListenHint(SocketError error) => error switch
    {
        SocketError.AddressAlreadyInUse => " — another program listens on that port (pptpd?); stop it or choose another port",
        SocketError.AccessDenied => " — ports below 1024 need root or CAP_NET_BIND_SERVICE",
        SocketError.AddressNotAvailable => " — the address is not configured on any interface of this host",
        _ => "",
    };

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE, ENFILE, ENOBUFS: out of resources for now; the backlog keeps the rest.
                _log.Error("accepting a PPTP control connection failed: {0} ({1}); retrying in 100 ms", e.SocketErrorCode, e.Message);
                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            try
            {
                Admit(accepted);
            }
            catch (Exception e)
            {
                // A failing ban list (say, a cluster lookup) must not end the accept loop; this one connection goes.
                _log.Error(e, "a PPTP control connection was closed: judging it failed");
                accepted.Dispose();
            }
        }
    }

    private void Admit(Socket socket)
    {
        IPEndPoint remote;
        try
        {
            remote = TcpControlLink.Normalize((IPEndPoint)socket.RemoteEndPoint!);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return;
        }
        if (_draining)
        {
            Refuse(socket, remote.Address, ControlRefusal.Draining);
            return;
        }
        if (_bans.IsBanned(remote.Address))
        {
            Refuse(socket, remote.Address, ControlRefusal.Banned);
            return;
        }
        if (!_limiter.TryAdmit(remote.Address, Environment.TickCount64, out var admission, out var refusal))
        {
            Refuse(socket, remote.Address, refusal);
            return;
        }
        TcpControlLink link;
        try
        {
            link = new TcpControlLink(socket, _settings, _metrics);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset by the peer between accept and here.
            _limiter.Release(admission!);
            socket.Dispose();
            return;
        }
        _links[link] = true;
        _ = ConnectAsync(link, admission!);
    }

    private async Task ConnectAsync(TcpControlLink link, ConnectionLimiter.Admission admission)
    {
        try
        {
            IActorRef? connection = null;
            try
            {
                connection = await _accept(link);
            }
            catch (Exception e)
            {
                _log.Error("the control connection from {0} was closed: the session layer did not take it ({1})", link.Remote, e.Message);
                link.Abort("the session layer did not take the connection");
            }
            if (connection is not null)
            {
                link.Start(connection);
            }
            await link.Completion;
        }
        finally
        {
            _links.TryRemove(link, out _);
            _limiter.Release(admission);
        }
    }

    private void Refuse(Socket socket, IPAddress source, ControlRefusal refusal)
    {
        _metrics.ControlRefusedFor(refusal).Inc();
        try
        {
            // SO_LINGER 0: close with a reset, so that a flood leaves no TIME_WAIT behind.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        socket.Dispose();
        if (ShouldReport(refusal, source, out var suppressed))
        {
            ReportRefusal(source, refusal, suppressed);
        }
    }

    private void ReportRefusal(IPAddress source, ControlRefusal refusal, int suppressed)
    {
        var more = suppressed > 0 ? $" ({suppressed} more refused since the last report)" : "";
        switch (refusal)
        {
            case ControlRefusal.Banned:
                _events.Publish(new SessionDiagnostic(DiagnosticKind.BannedSource, source, 0, null,
                    $"connection from {source} refused: banned by the brute-force guard{BanEnd(source)}{more}",
                    "the address made too many failed logins (wrong user name or password, often a client's saved " +
                    "credentials); the ban ends by itself, or an operator can lift it once the client is fixed"));
                break;
            case ControlRefusal.PerSourceLimit:
                _log.Warning("connection from {0} refused: {1} connections from that address are open already (MaxConnectionsPerSource){2}",
                    source, _settings.MaxConnectionsPerSource, more);
                break;
            case ControlRefusal.SetupLimit:
                _log.Warning("connection from {0} refused: {1} connections are still in setup (MaxConnectionsInSetup within {2} s){3} — a flood of new connections?",
                    source, _settings.MaxConnectionsInSetup, _settings.SetupWindow.TotalSeconds, more);
                break;
            case ControlRefusal.Draining:
                _log.Info("connection from {0} refused: this node is draining (it takes no new calls; the client should use another node){1}", source, more);
                break;
            case ControlRefusal.ConnectionLimit:
                _log.Warning("connection from {0} refused: {1} connections are open (MaxConnections){2}",
                    source, _settings.MaxConnections, more);
                break;
        }
    }

    /// <summary>" until 2025-06-01 12:45:00Z (why)" for the ban in force on <paramref name="source"/>.</summary>
    private string BanEnd(IPAddress source) =>
        _bans!.Find(source) is { } ban ? $" until {ban.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({ban.Reason})" : "";

    /// <summary>At most one report per (refusal, source) per <see cref="ListenerSettings.RefusalReportInterval"/>; only the accept loop calls it.</summary>
    private bool ShouldReport(ControlRefusal refusal, IPAddress source, out int suppressed)
    {
        var now = Environment.TickCount64;
        var interval = (long)_settings.RefusalReportInterval.TotalMilliseconds;
        var key = (refusal, source);
        if (_reports.TryGetValue(key, out var last) && now - last.At < interval)
        {
            _reports[key] = last with { Suppressed = last.Suppressed + 1 };
            suppressed = 0;
            return false;
        }
        if (_reports.Count >= MaxReportKeys)
        {
            foreach (var (oldKey, old) in _reports)
            {
                if (now - old.At >= interval)
                {
                    _reports.Remove(oldKey);
                }
            }
            if (_reports.Count >= MaxReportKeys)
            {
                _reports.Clear();
            }
        }
        suppressed = last.Suppressed;
        _reports[key] = new Report(now, 0);
        return true;
    }

    private readonly record struct Report(long At, int Suppressed);
}
