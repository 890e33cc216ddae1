using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp;

/// <summary>
/// The packet format shared by LCP, IPCP and CCP (RFC 1661 §5): Code, Identifier, Length, Data.
/// Equality compares Code, Identifier and the Data octets.
/// </summary>
public sealed class ControlPacket : IEquatable<ControlPacket>
{
    /// <summary>Code, Identifier, two-octet Length.</summary>
    public const int HeaderLength = 4;

    /// <summary>The Length field is 16 bits and counts the header.</summary>
    public const int MaxDataLength = ushort.MaxValue - HeaderLength;

    /// <exception cref="ArgumentException">More than <see cref="MaxDataLength"/> data octets.</exception>
    public ControlPacket(ControlCode code, byte identifier, ReadOnlyMemory<byte> data)
    {
        if (data.Length > MaxDataLength)
        {
            throw new ArgumentException($"A control packet carries at most {MaxDataLength} data octets.", nameof(data));
        }

        Code = code;
        Identifier = identifier;
        Data = data;
    }

    public ControlCode Code { get; }

    public byte Identifier { get; }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The value of the Length field.</summary>
    public int Length => HeaderLength + Data.Length;

    /// <summary>
    /// Decodes a packet. The Length field must fit the input; octets past it are padding and ignored
    /// (RFC 1661 §5: "Octets outside the range of the Length field should be treated as padding").
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out ControlPacket packet, out ControlPacketError error)
    {
        packet = Empty;
        if (input.Length < HeaderLength)
        {
            error = ControlPacketError.TruncatedHeader;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        if (length < HeaderLength)
        {
            error = ControlPacketError.LengthTooSmall;
            return false;
        }

        if (length > input.Length)
        {
            error = ControlPacketError.LengthExceedsInput;
            return false;
        }

        packet = new ControlPacket((ControlCode)input[0], input[1], input[HeaderLength..length].ToArray());
        error = ControlPacketError.None;
        return true;
    }

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("Destination is shorter than the packet.", nameof(destination));
        }

        destination[0] = (byte)Code;
        destination[1] = Identifier;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        Data.Span.CopyTo(destination[HeaderLength..]);
        return Length;
    }

    /// <summary>The encoded packet.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public bool Equals(ControlPacket? other) =>
        other is not null && Code == other.Code && Identifier == other.Identifier && Data.Span.SequenceEqual(other.Data.Span);

    public override bool Equals(object? obj) => Equals(obj as ControlPacket);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Code);
        hash.Add(Identifier);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Code} id={Identifier} [{Convert.ToHexString(Data.Span)}]";

    private static readonly ControlPacket Empty = new(0, 0, ReadOnlyMemory<byte>.Empty);
}
