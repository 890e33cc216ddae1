namespace Concentrator.Dataplane.DataPath;

/// <summary>
/// A dedicated, named background thread running one packet loop, with a bounded stop: the loop
/// checks <see cref="Stopping"/> at least every poll interval of its blocking call, so
/// <see cref="Stop"/> never waits for traffic. Also keeps the loop's counters that tests and
/// diagnostics read from other threads (written once per burst by the loop thread).
/// </summary>
internal sealed class PacketThread
{
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _packets;
    private long _allocatedBytes;

    public PacketThread(string name, Action loop)
    {
        _thread = new Thread(() => loop()) { IsBackground = true, Name = name };
    }

    public string Name => _thread.Name!;

    public bool Stopping => _stopping;

    /// <summary>Packets the loop has handled.</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>Bytes the loop thread has allocated in its life (GC.GetAllocatedBytesForCurrentThread at the last burst).</summary>
    public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

    public void Start() => _thread.Start();

    /// <summary>Called by the loop after each burst.</summary>
    public void Completed(int packets)
    {
        Volatile.Write(ref _packets, _packets + packets);
        Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>Asks the loop to end and waits for it; false when it did not end within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stopping = true;
        return !_thread.IsAlive || _thread.Join(timeout);
    }
}
