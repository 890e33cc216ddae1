namespace Concentrator.Protocol.Ppp;

/// <summary>
/// One Configuration Option (RFC 1661 §6: Type, Length, Data). Options we do not understand are kept
/// verbatim so that they can be Configure-Rejected byte for byte (RFC 1661 §5.4).
/// Equality compares the Type and the Data octets.
/// </summary>
public sealed class PppOption : IEquatable<PppOption>
{
    /// <summary>Type and Length octets.</summary>
    public const int HeaderLength = 2;

    /// <summary>The Length field is one octet and counts the header.</summary>
    public const int MaxDataLength = byte.MaxValue - HeaderLength;

    /// <exception cref="ArgumentException">More than <see cref="MaxDataLength"/> data octets.</exception>
    public PppOption(byte type, ReadOnlyMemory<byte> data)
    {
        if (data.Length > MaxDataLength)
        {
            throw new ArgumentException($"An option carries at most {MaxDataLength} data octets.", nameof(data));
        }

        Type = type;
        Data = data;
    }

    public PppOption(byte type, params byte[] data)
        : this(type, new ReadOnlyMemory<byte>(data))
    {
    }

    public byte Type { get; }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The value of the Length field: header plus data.</summary>
    public int Length => HeaderLength + Data.Length;

    /// <summary>Writes Type, Length, Data.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("Destination is shorter than the option.", nameof(destination));
        }

        destination[0] = Type;
        destination[1] = (byte)Length;
        Data.Span.CopyTo(destination[HeaderLength..]);
        return Length;
    }

    public bool Equals(PppOption? other) =>
        other is not null && Type == other.Type && Data.Span.SequenceEqual(other.Data.Span);

    public override bool Equals(object? obj) => Equals(obj as PppOption);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"Option {Type} [{Convert.ToHexString(Data.Span)}]";
}
