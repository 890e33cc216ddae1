namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>Which MPPE variants the server accepts (RFC 3078 §2). Default: 128-bit stateless only.</summary>
public sealed record CcpSettings
{
    public static CcpSettings Default { get; } = new();

    /// <summary>Any of <see cref="MppeBits.Key40"/>, <see cref="MppeBits.Key56"/>, <see cref="MppeBits.Key128"/>; at least one.</summary>
    /// <exception cref="ArgumentException">No key length, or other bits.</exception>
    public MppeBits AllowedKeyLengths
    {
        get;
        init => field = value != MppeBits.None && (value & ~MppeKeyBits.All) == 0
            ? value
            : throw new ArgumentException("Allow one or more of the 40-, 56- and 128-bit key lengths, nothing else.", nameof(value));
    } = MppeBits.Key128;

    /// <summary>Stateless mode (H bit): the key changes with every packet.</summary>
    public bool AllowStateless { get; init; } = true;

    /// <summary>Stateful mode: the key changes every 256 packets, resynchronised with CCP Reset-Request.</summary>
    public bool AllowStateful { get; init; }
}
