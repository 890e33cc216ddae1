using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>
/// A CHAP packet (RFC 1994 §4: Code, Identifier, Length, Data) with the MS-CHAPv2 value formats of
/// RFC 2759 §3–§6. No cryptography here: the values are carried as octets.
/// </summary>
public abstract record ChapPacket(byte Identifier)
{
    /// <summary>Code, Identifier, two-octet Length.</summary>
    public const int HeaderLength = 4;

    public abstract ChapCode Code { get; }

    /// <summary>The value of the Length field.</summary>
    public int Length => HeaderLength + DataLength;

    protected abstract int DataLength { get; }

    /// <summary>Decodes a CHAP packet; octets past the Length field are padding and ignored.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, [NotNullWhen(true)] out ChapPacket? packet, out ChapError error)
    {
        packet = null;
        if (input.Length < HeaderLength)
        {
            error = ChapError.TruncatedHeader;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        if (length < HeaderLength)
        {
            error = ChapError.LengthTooSmall;
            return false;
        }

        if (length > input.Length)
        {
            error = ChapError.LengthExceedsInput;
            return false;
        }

        var identifier = input[1];
        var data = input[HeaderLength..length];
        switch ((ChapCode)input[0])
        {
            case ChapCode.Challenge:
                return MsChapV2ChallengePacket.TryDecodeData(identifier, data, out packet, out error);
            case ChapCode.Response:
                return MsChapV2ResponsePacket.TryDecodeData(identifier, data, out packet, out error);
            case ChapCode.Success:
                packet = new ChapSuccessPacket(identifier, data.ToArray());
                error = ChapError.None;
                return true;
            case ChapCode.Failure:
                packet = new ChapFailurePacket(identifier, data.ToArray());
                error = ChapError.None;
                return true;
            default:
                error = ChapError.UnknownCode;
                return false;
        }
    }

    /// <summary>Writes the packet.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    /// <exception cref="InvalidOperationException">The packet is longer than the 16-bit Length field allows.</exception>
    public int WriteTo(Span<byte> destination)
    {
        if (Length > ushort.MaxValue)
        {
            throw new InvalidOperationException("A CHAP packet is at most 65535 octets long.");
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException("Destination is shorter than the packet.", nameof(destination));
        }

        destination[0] = (byte)Code;
        destination[1] = Identifier;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        WriteData(destination[HeaderLength..Length]);
        return Length;
    }

    /// <summary>The encoded packet.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    protected abstract void WriteData(Span<byte> destination);

    /// <summary>Shared by Challenge and Response: Value-Size, Value, Name (RFC 1994 §4.1).</summary>
    private protected static bool TrySplitValue(ReadOnlySpan<byte> data, int expectedSize, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> name, out ChapError error)
    {
        value = default;
        name = default;
        if (data.IsEmpty)
        {
            error = ChapError.MissingValueSize;
            return false;
        }

        var size = data[0];
        if (size > data.Length - 1)
        {
            error = ChapError.ValueOverrun;
            return false;
        }

        if (size != expectedSize)
        {
            error = ChapError.WrongValueSize;
            return false;
        }

        value = data.Slice(1, size);
        name = data[(1 + size)..];
        error = ChapError.None;
        return true;
    }

    private protected static ReadOnlyMemory<byte> RequireLength(ReadOnlyMemory<byte> value, int length, string name) =>
        value.Length == length ? value : throw new ArgumentException($"{name} is {length} octets.", name);
}
