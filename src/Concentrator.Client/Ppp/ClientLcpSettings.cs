using Concentrator.Protocol.Ppp.Lcp;

namespace Concentrator.Client.Ppp;

/// <summary>What the client's LCP asks for and agrees to.</summary>
public sealed record ClientLcpSettings
{
    public static ClientLcpSettings Default { get; } = new();

    /// <summary>Our MRU (RFC 1661 §6.1). 1400 so that a full frame in GRE/IPv4 fits a 1500-octet path (BRIEF field notes).</summary>
    public ushort Mru { get; init; } = 1400;

    /// <summary>The smallest MRU we adopt from a server's Nak.</summary>
    public ushort MinimumMru { get; init; } = 576;

    /// <summary>The largest MRU we adopt from a server's Nak.</summary>
    public ushort MaximumMru { get; init; } = LcpOptions.DefaultMru;

    /// <summary>Ask for Protocol-Field-Compression (RFC 1661 §6.5), as Windows does.</summary>
    public bool RequestProtocolCompression { get; init; }

    /// <summary>Ask for Address-and-Control-Field-Compression (RFC 1661 §6.6), as Windows does.</summary>
    public bool RequestAddressControlCompression { get; init; }

    public ClientAuthMode Authentication { get; init; } = ClientAuthMode.MsChapV2;
}
