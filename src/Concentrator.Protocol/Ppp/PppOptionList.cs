namespace Concentrator.Protocol.Ppp;

/// <summary>The Options field of Configure-Request/Ack/Nak/Reject (RFC 1661 §5.1–§5.4, §6).</summary>
public static class PppOptionList
{
    /// <summary>Splits an Options field into options, each with its data copied.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out IReadOnlyList<PppOption> options, out ControlPacketError error)
    {
        var list = new List<PppOption>();
        var offset = 0;
        while (offset < input.Length)
        {
            if (input.Length - offset < PppOption.HeaderLength)
            {
                return Fail(ControlPacketError.TruncatedOption, out options, out error);
            }

            var length = input[offset + 1];
            if (length < PppOption.HeaderLength)
            {
                return Fail(ControlPacketError.OptionLengthTooSmall, out options, out error);
            }

            if (length > input.Length - offset)
            {
                return Fail(ControlPacketError.OptionOverrun, out options, out error);
            }

            list.Add(new PppOption(input[offset], input.Slice(offset + PppOption.HeaderLength, length - PppOption.HeaderLength).ToArray()));
            offset += length;
        }

        options = list;
        error = ControlPacketError.None;
        return true;
    }

    /// <summary>Total encoded length of <paramref name="options"/>.</summary>
    public static int EncodedLength(IReadOnlyList<PppOption> options)
    {
        var length = 0;
        foreach (var option in options)
        {
            length += option.Length;
        }

        return length;
    }

    /// <summary>Writes the options back to back.</summary>
    public static int WriteTo(IReadOnlyList<PppOption> options, Span<byte> destination)
    {
        var offset = 0;
        foreach (var option in options)
        {
            offset += option.WriteTo(destination[offset..]);
        }

        return offset;
    }

    /// <summary>The options as one byte array.</summary>
    public static byte[] ToArray(IReadOnlyList<PppOption> options)
    {
        var bytes = new byte[EncodedLength(options)];
        WriteTo(options, bytes);
        return bytes;
    }

    private static bool Fail(ControlPacketError reason, out IReadOnlyList<PppOption> options, out ControlPacketError error)
    {
        options = [];
        error = reason;
        return false;
    }
}
