namespace Concentrator.Cluster.Addressing;

/// <summary>
/// The address pool as configured for the whole cluster: the pools, and how nodes take addresses from
/// them in blocks.
/// </summary>
/// <param name="Pools">Pools in order of preference; they must not overlap.</param>
/// <param name="BlockSize">How many addresses of a pool's range one block covers.</param>
/// <param name="LowWatermark">A node asks for another block when it has fewer free addresses than this.</param>
/// <param name="HighWatermark">A node gives an unused block back when it has more free addresses than this.</param>
/// <param name="SnapshotEvery">A persistent actor saves a snapshot after this many events.</param>
/// <param name="RequestTimeout">How long a request waits for the coordinator before it fails as Unavailable.</param>
/// <param name="CheckInInterval">
/// How often a node's allocator checks in with the coordinator again: a coordinator that starts on another
/// node (singleton handover) knows no allocator until they do, and cannot reach them with withdrawals or
/// retirements before.
/// </param>
public sealed record AddressPoolSettings(
    IReadOnlyList<AddressPoolDefinition> Pools,
    int BlockSize = 32,
    int LowWatermark = 16,
    int HighWatermark = 96,
    int SnapshotEvery = 500,
    TimeSpan RequestTimeout = default,
    TimeSpan CheckInInterval = default)
{
    /// <summary>The timeout in force (5 s when none was given).</summary>
    public TimeSpan EffectiveRequestTimeout => RequestTimeout > TimeSpan.Zero ? RequestTimeout : TimeSpan.FromSeconds(5);

    /// <summary>The check-in interval in force (5 s when none was given).</summary>
    public TimeSpan EffectiveCheckInInterval => CheckInInterval > TimeSpan.Zero ? CheckInInterval : TimeSpan.FromSeconds(5);

    /// <summary>Checks the settings and returns them.</summary>
    /// <exception cref="ArgumentException">With an operator-readable message.</exception>
    public AddressPoolSettings Validate()
    {
        if (Pools.Count == 0)
        {
            throw new ArgumentException("no address pool is configured");
        }

        if (BlockSize is < 1 or > 65536)
        {
            throw new ArgumentException($"block size {BlockSize} is outside 1..65536");
        }

        if (LowWatermark < 1)
        {
            throw new ArgumentException($"low watermark {LowWatermark} must be at least 1");
        }

        if (HighWatermark < LowWatermark + BlockSize)
        {
            throw new ArgumentException(
                $"high watermark {HighWatermark} must be at least low watermark + block size ({LowWatermark + BlockSize}), or blocks would bounce");
        }

        if (SnapshotEvery < 1)
        {
            throw new ArgumentException($"snapshot interval {SnapshotEvery} must be at least 1");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Pools.Count; i++)
        {
            var pool = Pools[i];
            if (!names.Add(pool.Name))
            {
                throw new ArgumentException($"pool name '{pool.Name}' is used twice");
            }

            if (string.Equals(pool.Name, StaticPoolName, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"pool name '{StaticPoolName}' is reserved for users' static addresses");
            }

            for (var j = 0; j < i; j++)
            {
                var other = Pools[j];
                if (pool.First <= other.Last && other.First <= pool.Last)
                {
                    throw new ArgumentException($"pools '{other.Name}' and '{pool.Name}' overlap");
                }
            }
        }

        return this;
    }

    /// <summary>The pool name given to leases of users' static addresses.</summary>
    public const string StaticPoolName = "static";

    /// <summary>The pool whose range holds <paramref name="address"/>, or null.</summary>
    public AddressPoolDefinition? FindPool(uint address)
    {
        foreach (var pool in Pools)
        {
            if (pool.Contains(address))
            {
                return pool;
            }
        }

        return null;
    }

    /// <summary>The pool called <paramref name="name"/> (ignoring case), or null.</summary>
    public AddressPoolDefinition? FindPool(string name)
    {
        foreach (var pool in Pools)
        {
            if (string.Equals(pool.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return pool;
            }
        }

        return null;
    }
}
