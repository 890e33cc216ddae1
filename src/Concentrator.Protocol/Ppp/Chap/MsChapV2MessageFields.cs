namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>
/// Splits an MS-CHAPv2 Success/Failure message into its "X=value" fields, liberally: fields in any order,
/// separated by spaces; "M=" takes the rest of the string (the text may contain spaces); the first
/// occurrence of a field wins; anything else is skipped.
/// </summary>
internal static class MsChapV2MessageFields
{
    public static Dictionary<char, string> Split(string text)
    {
        var fields = new Dictionary<char, string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var end = text.IndexOf(' ', i);
            if (end < 0)
            {
                end = text.Length;
            }

            if (end - i >= 2 && text[i + 1] == '=')
            {
                var key = char.ToUpperInvariant(text[i]);
                if (key == 'M')
                {
                    fields.TryAdd(key, text[(i + 2)..]);
                    break;
                }

                fields.TryAdd(key, text[(i + 2)..end]);
            }

            i = end;
        }

        return fields;
    }

    /// <summary>Parses exactly <paramref name="destination"/>.Length octets of hexadecimal, either case.</summary>
    public static bool TryParseHex(string text, Span<byte> destination) =>
        text.Length == 2 * destination.Length
        && Convert.FromHexString(text, destination, out _, out var written) == System.Buffers.OperationStatus.Done
        && written == destination.Length;
}
