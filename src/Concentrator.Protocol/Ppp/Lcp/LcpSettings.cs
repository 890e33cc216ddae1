namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>What the server's LCP asks for and accepts.</summary>
public sealed record LcpSettings
{
    public static LcpSettings Default { get; } = new();

    /// <summary>
    /// Our MRU. 1400 by default so that a full PPP frame inside GRE/IPv4 fits a 1500-octet path without
    /// fragmentation (BRIEF field notes).
    /// </summary>
    public ushort Mru { get; init; } = 1400;

    /// <summary>The smallest MRU we accept from the peer (or adopt from its Nak).</summary>
    public ushort MinimumMru { get; init; } = 576;

    /// <summary>The largest MRU we accept from the peer (or adopt from its Nak).</summary>
    public ushort MaximumMru { get; init; } = LcpOptions.DefaultMru;
}
