namespace Concentrator.Sessions.DataPath;

/// <summary>
/// Traffic counters of one session, written only by its GRE sequencing actor and read by anyone
/// (the session directory, operator commands) with <see cref="Volatile"/> semantics: no messages
/// and no locks on the packet path.
/// </summary>
public sealed class SessionCounters
{
    private long _bytesIn, _bytesOut, _packetsIn, _packetsOut, _lastActivity;

    /// <summary>IP bytes received from the client (after decryption).</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);
    /// <summary>IP bytes sent to the client (before encryption).</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);
    public long PacketsIn => Volatile.Read(ref _packetsIn);
    public long PacketsOut => Volatile.Read(ref _packetsOut);
    /// <summary>When IP data last moved, as <see cref="Environment.TickCount64"/>.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    internal void AddIn(long packets, long bytes, long now)
    {
        Volatile.Write(ref _packetsIn, _packetsIn + packets);
        Volatile.Write(ref _bytesIn, _bytesIn + bytes);
        Volatile.Write(ref _lastActivity, now);
    }

    internal void AddOut(long packets, long bytes, long now)
    {
        Volatile.Write(ref _packetsOut, _packetsOut + packets);
        Volatile.Write(ref _bytesOut, _bytesOut + bytes);
        Volatile.Write(ref _lastActivity, now);
    }
}
