using System.Net;
using Concentrator.Sessions.Telemetry;

namespace Concentrator.Dataplane.Control;

/// <summary>
/// The listener's admission rules, applied before a byte of a new connection is read: at most
/// <see cref="ListenerSettings.MaxConnections"/> open, <see cref="ListenerSettings.MaxConnectionsPerSource"/>
/// from one address, and <see cref="ListenerSettings.MaxConnectionsInSetup"/> accepted less than
/// <see cref="ListenerSettings.SetupWindow"/> ago and still open. Thread-safe; time is an input
/// (milliseconds of a monotonic clock) so that the rules can be tested without waiting.
/// </summary>
internal sealed class ConnectionLimiter
{
    private readonly ListenerSettings _settings;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perSource = new();
    private readonly LinkedList<Admission> _inSetup = new();
    private int _open;

    public ConnectionLimiter(ListenerSettings settings) => _settings = settings;

    /// <summary>Connections admitted and not yet released.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Connections admitted less than the setup window before <paramref name="now"/> and not yet released.</summary>
    public int InSetup(long now)
    {
        lock (_lock)
        {
            Age(now);
            return _inSetup.Count;
        }
    }

    /// <summary>
    /// Admits a connection from <paramref name="source"/> at <paramref name="now"/> (milliseconds), or
    /// says which rule refuses it. An admission must be <see cref="Release"/>d when the connection closes.
    /// </summary>
    public bool TryAdmit(IPAddress source, long now, out Admission? admission, out ControlRefusal refusal)
    {
        lock (_lock)
        {
            Age(now);
            admission = null;
            _perSource.TryGetValue(source, out var fromSource);
            if (_open >= _settings.MaxConnections)
            {
                refusal = ControlRefusal.ConnectionLimit;
                return false;
            }
            if (fromSource >= _settings.MaxConnectionsPerSource)
            {
                refusal = ControlRefusal.PerSourceLimit;
                return false;
            }
            if (_inSetup.Count >= _settings.MaxConnectionsInSetup)
            {
                refusal = ControlRefusal.SetupLimit;
                return false;
            }
            refusal = default;
            admission = new Admission(source, now);
            admission.SetupNode = _inSetup.AddLast(admission);
            _perSource[source] = fromSource + 1;
            _open++;
            return true;
        }
    }

    /// <summary>The connection closed: it counts against no limit any more. Releasing twice is harmless.</summary>
    public void Release(Admission admission)
    {
        lock (_lock)
        {
            if (admission.Released)
            {
                return;
            }
            admission.Released = true;
            if (admission.SetupNode is { } node)
            {
                _inSetup.Remove(node);
                admission.SetupNode = null;
            }
            _open--;
            if (_perSource[admission.Source] == 1)
            {
                _perSource.Remove(admission.Source);
            }
            else
            {
                _perSource[admission.Source]--;
            }
        }
    }

    private void Age(long now)
    {
        var window = (long)_settings.SetupWindow.TotalMilliseconds;
        while (_inSetup.First is { } oldest && now - oldest.Value.AcceptedAt >= window)
        {
            oldest.Value.SetupNode = null;
            _inSetup.RemoveFirst();
        }
    }

    /// <summary>One admitted connection.</summary>
    internal sealed class Admission(IPAddress source, long acceptedAt)
    {
        public IPAddress Source { get; } = source;

        public long AcceptedAt { get; } = acceptedAt;

        public LinkedListNode<Admission>? SetupNode { get; set; }

        public bool Released { get; set; }
    }
}
