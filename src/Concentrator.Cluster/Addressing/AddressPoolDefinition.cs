using Concentrator.Protocol.Ip;

namespace Concentrator.Cluster.Addressing;

/// <summary>
/// One configured pool: a named range of IPv4 addresses [<see cref="First"/>, <see cref="Last"/>] and the
/// addresses in it that are never handed out (network, broadcast, the gateway, anything the operator lists).
/// </summary>
public sealed class AddressPoolDefinition
{
    private readonly HashSet<uint> _excluded;

    private AddressPoolDefinition(string name, uint first, uint last, HashSet<uint> excluded)
    {
        Name = name;
        First = first;
        Last = last;
        _excluded = excluded;
        UsableCount = (int)(last - first + 1) - excluded.Count;
    }

    public string Name { get; }

    public uint First { get; }

    public uint Last { get; }

    /// <summary>The addresses inside the range that are never leased, ascending.</summary>
    public IReadOnlyList<uint> Excluded => _excluded.Order().ToArray();

    /// <summary>How many addresses of the range can be leased.</summary>
    public int UsableCount { get; }

    /// <summary>
    /// Builds a pool from text: <c>"10.8.0.0/24"</c> (network and broadcast excluded for prefixes up to /30)
    /// or <c>"10.8.0.10-10.8.0.200"</c> (both ends included), minus <paramref name="exclude"/>.
    /// </summary>
    /// <exception cref="FormatException">With an operator-readable message naming the pool.</exception>
    public static AddressPoolDefinition Parse(string name, string range, IEnumerable<string>? exclude = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException("an address pool needs a name");
        }

        uint first, last;
        var excluded = new HashSet<uint>();
        var slash = range.IndexOf('/', StringComparison.Ordinal);
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (slash > 0)
        {
            if (!Ipv4.TryParse(range[..slash], out var network)
                || !int.TryParse(range[(slash + 1)..], System.Globalization.NumberStyles.None, null, out var prefix)
                || prefix is < 8 or > 32)
            {
                throw new FormatException($"pool '{name}': '{range}' is not an IPv4 CIDR block such as 10.8.0.0/24 (prefix /8 to /32)");
            }

            var mask = Ipv4.PrefixToMask(prefix);
            if ((network & ~mask) != 0)
            {
                throw new FormatException($"pool '{name}': {range} has host bits set; the block starts at {Ipv4.Format(network & mask)}");
            }

            first = network;
            last = network | ~mask;
            if (prefix <= 30)
            {
                excluded.Add(first);
                excluded.Add(last);
            }
        }
        else if (dash > 0)
        {
            if (!Ipv4.TryParse(range[..dash], out first) || !Ipv4.TryParse(range[(dash + 1)..], out last))
            {
                throw new FormatException($"pool '{name}': '{range}' is not an IPv4 range such as 10.8.0.10-10.8.0.200");
            }

            if (last < first)
            {
                throw new FormatException($"pool '{name}': range {range} ends before it starts");
            }
        }
        else
        {
            throw new FormatException($"pool '{name}': '{range}' is neither a CIDR block (10.8.0.0/24) nor a range (10.8.0.10-10.8.0.200)");
        }

        if (last - first >= 1u << 24)
        {
            throw new FormatException($"pool '{name}': {range} is larger than a /8");
        }

        foreach (var text in exclude ?? [])
        {
            if (!Ipv4.TryParse(text, out var address))
            {
                throw new FormatException($"pool '{name}': excluded address '{text}' is not an IPv4 address");
            }

            if (address < first || address > last)
            {
                throw new FormatException($"pool '{name}': excluded address {text} is outside {range}");
            }

            excluded.Add(address);
        }

        return new AddressPoolDefinition(name.Trim(), first, last, excluded);
    }

    /// <summary>True when <paramref name="address"/> lies in the range (excluded or not).</summary>
    public bool Contains(uint address) => address >= First && address <= Last;

    /// <summary>True when <paramref name="address"/> lies in the range and may be leased.</summary>
    public bool IsUsable(uint address) => Contains(address) && !_excluded.Contains(address);

    /// <summary>True when <paramref name="address"/> lies in the range but is never leased.</summary>
    public bool IsExcluded(uint address) => _excluded.Contains(address);

    /// <summary>How many blocks of <paramref name="blockSize"/> addresses the range is cut into (the last may be short).</summary>
    public int BlockCount(int blockSize) => (int)((Last - First) / (uint)blockSize) + 1;

    /// <summary>The first and last address of block <paramref name="index"/>.</summary>
    public (uint First, uint Last) BlockRange(int index, int blockSize)
    {
        var start = First + ((uint)index * (uint)blockSize);
        var end = Math.Min(Last, start + (uint)blockSize - 1);
        return (start, end);
    }

    public override string ToString() => $"{Name} {Ipv4.Format(First)}-{Ipv4.Format(Last)}";
}
