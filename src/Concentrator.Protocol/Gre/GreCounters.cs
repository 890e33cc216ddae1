namespace Concentrator.Protocol.Gre;

/// <summary>What one call's GRE sequencer saw; plain fields, owned by one thread.</summary>
public struct GreCounters
{
    public long Received;
    public long Delivered;
    public long Duplicates;
    public long Stale;
    public long Reordered;
    public long Lost;
    public long Sent;
    public long AcksSent;
    public long WindowFull;
}
