using System.Text;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Fixed-size NUL-padded text fields (Host Name, Vendor String, Phone Number, Subaddress, Call
/// Statistics; RFC 2637 §2.1, §2.7, §2.9, §2.13). The RFC calls them ASCII; they are mapped
/// byte-for-char with Latin-1 so that any received byte survives a decode/encode round trip
/// (Windows puts a binary GUID into the Subaddress, [MS-PTPT] §3.3.5.2).
/// </summary>
internal static class FixedString
{
    /// <summary>Decodes the bytes before the first NUL (all of them if there is none).</summary>
    public static string Read(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>
    /// Writes <paramref name="value"/> truncated to the field size; the rest of the field must already
    /// be zero. Characters outside Latin-1 become '?'.
    /// </summary>
    public static void Write(Span<byte> field, string value)
    {
        int count = Math.Min(value.Length, field.Length);
        Encoding.Latin1.GetBytes(value.AsSpan(0, count), field);
    }
}
