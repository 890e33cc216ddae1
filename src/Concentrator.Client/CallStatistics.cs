using Concentrator.Protocol.Gre;

namespace Concentrator.Client;

/// <summary>What one call did so far.</summary>
/// <param name="Gre">The GRE sliding window's counters (RFC 2637 §4.2–4.4): received, delivered, duplicates, lost, acks…</param>
/// <param name="IpPacketsSent">IP packets encrypted and sent.</param>
/// <param name="IpBytesSent">Their IP bytes.</param>
/// <param name="IpPacketsReceived">IP packets decrypted and delivered.</param>
/// <param name="IpBytesReceived">Their IP bytes.</param>
/// <param name="MppeErrors">Encrypted packets that did not decrypt (RFC 3078 §8: stale or duplicate coherency counts, missing flags).</param>
/// <param name="Dropped">Received data refused: unencrypted while MPPE is required, before the link was up, or not IPv4.</param>
/// <param name="StrayGre">GRE packets with our call ID from an address other than the server's.</param>
public sealed record CallStatistics(
    GreCounters Gre,
    long IpPacketsSent,
    long IpBytesSent,
    long IpPacketsReceived,
    long IpBytesReceived,
    long MppeErrors,
    long Dropped,
    long StrayGre);
