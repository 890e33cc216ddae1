namespace Concentrator.Protocol.Tests.Ppp;

/// <summary>Golden vectors are written as spaced hex in the tests.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
