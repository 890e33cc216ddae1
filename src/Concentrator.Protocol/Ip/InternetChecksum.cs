namespace Concentrator.Protocol.Ip;

/// <summary>Internet checksum arithmetic (RFC 1071).</summary>
internal static class InternetChecksum
{
    /// <summary>
    /// Incremental update of <paramref name="checksum"/> after one 16-bit word of the covered data
    /// changed from <paramref name="oldWord"/> to <paramref name="newWord"/>:
    /// HC' = ~(~HC + ~m + m') (RFC 1624 §3, eqn. 3).
    /// </summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
    {
        uint sum = (ushort)~checksum + (uint)(ushort)~oldWord + newWord;
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
