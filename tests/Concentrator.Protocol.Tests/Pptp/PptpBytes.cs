namespace Concentrator.Protocol.Tests.Pptp;

/// <summary>Builds expected byte strings for golden vectors from hex written out by hand.</summary>
internal static class PptpBytes
{
    /// <summary>Hex digits to bytes; whitespace and '|' separators are ignored.</summary>
    public static byte[] Hex(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c) && c != '|')));

    /// <summary>A fixed-size text field: the given hex bytes followed by zero octets up to <paramref name="size"/>.</summary>
    public static string Field(string hex, int size)
    {
        string digits = string.Concat(hex.Where(c => !char.IsWhiteSpace(c)));
        return digits + new string('0', (size * 2) - digits.Length);
    }

    /// <summary>Encodes <paramref name="message"/> into a fresh array of exactly its length.</summary>
    public static byte[] Encode(Concentrator.Protocol.Pptp.PptpMessage message)
    {
        var buffer = new byte[message.Length];
        Assert.Equal(message.Length, message.WriteTo(buffer));
        return buffer;
    }
}
