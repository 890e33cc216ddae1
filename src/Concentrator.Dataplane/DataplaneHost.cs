using Akka.Actor;
using Akka.Event;
using Concentrator.Dataplane.Control;
using Concentrator.Dataplane.Gre;
using Concentrator.Dataplane.Lan;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tun;
using Concentrator.Sessions;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Dataplane;

/// <summary>
/// The data plane of one node: the PPTP control listener, the GRE raw socket with its receive
/// thread, the TUN device with one pump thread per queue, and the LAN access settings. Built in two
/// steps because the session layer needs the senders before the data plane needs the session layer:
/// <code>
/// await using var dataplane = DataplaneHost.Open(settings, metrics);      // kernel objects, in this thread's namespace
/// var layer = new SessionLayer(system, new SessionLayerOptions(..., dataplane.GreSender, dataplane.Tun, metrics, ...));
/// dataplane.Start(layer, system);                                          // threads and the accept loop
/// ...
/// await layer.ShutdownAsync("node stopping", timeout);                     // say goodbye to clients first
/// </code>
/// Disposing stops accepting, closes the remaining connections, stops the threads, undoes the LAN
/// access settings and closes the TUN device and the socket.
/// </summary>
public sealed class DataplaneHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly DataplaneSettings _settings;
    private readonly SessionMetrics _metrics;
    private readonly List<TunPump> _pumps = [];
    private GreReceiver? _receiver;
    private bool _disposed;

    private DataplaneHost(DataplaneSettings settings, SessionMetrics metrics, RawGreSocket socket, TunDevice tun, LanAccess? lan, ControlListener listener)
    {
        _settings = settings;
        _metrics = metrics;
        GreSocket = socket;
        TunDevice = tun;
        Lan = lan;
        Listener = listener;
        GreSender = new GreSender(socket, metrics);
        Tun = new TunWriter(tun, metrics);
    }

    /// <summary>The session layer's <see cref="IGreSender"/>: the raw socket, refusals counted instead of thrown.</summary>
    public GreSender GreSender { get; }

    /// <summary>The session layer's <see cref="IPacketSink"/>: the TUN queues, one per session (see <see cref="TunWriter"/>).</summary>
    public TunWriter Tun { get; }

    public RawGreSocket GreSocket { get; }

    public TunDevice TunDevice { get; }

    public LanAccess? Lan { get; }

    public ControlListener Listener { get; }

    /// <summary>The GRE receive loop, once started.</summary>
    public GreReceiver? GreReceiver => _receiver;

    /// <summary>The TUN pumps, one per queue, once started.</summary>
    public IReadOnlyList<TunPump> Pumps => _pumps;

    /// <summary>
    /// Checks privileges, opens the GRE raw socket, creates the TUN device, applies the LAN access
    /// settings and binds the control listener, all in the calling thread's network namespace.
    /// Nothing runs until <see cref="Start"/>.
    /// </summary>
    /// <exception cref="DataplaneException">Something could not be set up; the message says what and what to do.</exception>
    public static DataplaneHost Open(DataplaneSettings settings, SessionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        settings.Gre.Validate();
        settings.Listener.Validate();
        settings.Tun.Validate();
        var privileges = Privileges.Check();
        if (!privileges.IsSufficient)
        {
            throw new DataplaneException("the data plane cannot start: " + privileges.Message);
        }
        var opened = new Stack<IDisposable>();
        try
        {
            var socket = Push(opened, OpenGreSocket(settings.Gre));
            var tun = Push(opened, TunSetup.Create(settings.Tun));
            var lan = settings.Lan is null ? null : Push(opened, LanAccess.Apply(settings.Lan, tun));
            var listener = new ControlListener(settings.Listener, metrics);
            return new DataplaneHost(settings, metrics, socket, tun, lan, listener);
        }
        catch
        {
            while (opened.Count > 0)
            {
                opened.Pop().Dispose();
            }
            throw;
        }
    }

    /// <summary>Starts the GRE receive thread, the TUN pumps and the accept loop, all feeding <paramref name="layer"/>.</summary>
    public void Start(SessionLayer layer, ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(system);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_receiver is not null)
        {
            throw new InvalidOperationException("the data plane was started already");
        }
        var log = Logging.GetLogger(system, nameof(DataplaneHost));
        _receiver = new GreReceiver(GreSocket, layer.Demux, _metrics, _settings.Gre);
        _receiver.Error += e => log.Error(e, "receiving GRE failed; retrying");
        _receiver.Start();
        for (var i = 0; i < TunDevice.Queues.Count; i++)
        {
            var pump = new TunPump(TunDevice, i, layer.Routes, _metrics);
            pump.Error += e => log.Error(e, "reading the TUN device failed; retrying");
            _pumps.Add(pump);
            pump.Start();
        }
        Listener.Start(system, layer.Options.Bans, layer.AcceptAsync);
        log.Info("data plane up: PPTP control on {0}, GRE on {1}, TUN {2} with {3} queue(s){4}",
            Listener.LocalEndPoint, _settings.Gre.BindAddress?.ToString() ?? "every address", TunDevice.Name, TunDevice.Queues.Count,
            Lan is null ? "" : "; " + string.Join("; ", Lan.Report));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await Listener.DisposeAsync();
        _receiver?.Stop(StopTimeout);
        foreach (var pump in _pumps)
        {
            pump.Stop(StopTimeout);
        }
        Lan?.Dispose();
        TunDevice.Dispose();
        GreSocket.Dispose();
        GreSender.Dispose();
    }

    private static T Push<T>(Stack<IDisposable> opened, T disposable) where T : IDisposable
    {
        opened.Push(disposable);
        return disposable;
    }

    private static RawGreSocket OpenGreSocket(GreSettings settings)
    {
        RawGreSocket socket;
        try
        {
            socket = RawGreSocket.Open();
        }
        catch (LinuxIoException e)
        {
            throw new DataplaneException($"the GRE socket (IP protocol 47) could not be opened: {e.Message}", e);
        }
        try
        {
            if (settings.BindAddress is { } address)
            {
                socket.Bind(address);
            }
            socket.ReceiveBufferSize = settings.ReceiveBufferSize;
            socket.SendBufferSize = settings.SendBufferSize;
            return socket;
        }
        catch (LinuxIoException e)
        {
            socket.Dispose();
            throw new DataplaneException($"the GRE socket could not be set up: {e.Message}", e);
        }
    }
}
