namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>Hex strings as the RFCs print them ("5B 5D 7C ...", spaces and line breaks allowed).</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
