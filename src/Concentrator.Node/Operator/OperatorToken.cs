using System.Security.Cryptography;

namespace Concentrator.Node.Operator;

/// <summary>
/// The bearer token of the operator API: from the configuration, or generated at first start into
/// the data directory (file mode 0600) where the CLI on the same host reads it.
/// </summary>
public static class OperatorToken
{
    public const string FileName = "operator.token";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The configured token, or the one in the data directory, created if missing.</summary>
    public static string Ensure(string configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var path = PathIn(dataDirectory);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(dataDirectory);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, token);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }

    /// <summary>The token the CLI should present: configured, else the data directory's, else null.</summary>
    public static string? Read(string configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var path = PathIn(dataDirectory);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Compares in constant time.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented));
}
