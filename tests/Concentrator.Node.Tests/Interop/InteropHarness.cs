using System.Text.RegularExpressions;
using Concentrator.Node.Tests.Support;

namespace Concentrator.Node.Tests.Interop;

/// <summary>
/// ../shared/interop: Debian 12's pptp 1.10 + pppd 2.4.9 in a QEMU guest, reaching us over a tap
/// (host 10.200.0.1, guest 10.200.0.2). Everything runs inside a network namespace of the test's own,
/// so the tap and the node's TUN exist only there.
/// </summary>
internal static partial class InteropHarness
{
    public const string HostAddress = "10.200.0.1";
    public const string Tap = "pptptap0";

    public static string Script(string name) => Path.Combine(RepositoryPaths.Interop, name);

    /// <summary>True when build.sh has produced the guest kernel and initramfs.</summary>
    public static bool IsBuilt => File.Exists(Path.Combine(RepositoryPaths.Interop, "out", "vmlinuz"))
                                  && File.Exists(Path.Combine(RepositoryPaths.Interop, "out", "initrd.img"));

    /// <summary>Creates the tap (with 10.200.0.1) in the namespace, so the node can bind to it.</summary>
    public static Task<Shell.Result> TapUpAsync(string netns) =>
        Shell.RunAsync(TimeSpan.FromSeconds(30), "ip", "netns", "exec", netns, Script("run-client.sh"), "--tap-up");

    /// <summary>Boots the guest and runs the clients; the harness prints INTEROP SESSION / RESULT lines.</summary>
    public static Task<Shell.Result> RunClientsAsync(string netns, string user, string password, int sessions = 1, int timeoutSeconds = 120)
    {
        var args = new List<string> { "netns", "exec", netns, Script("run-client.sh"), "-u", user, "-p", password,
            "-n", sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return Shell.RunAsync(TimeSpan.FromSeconds(timeoutSeconds + 30), "ip", [.. args]);
    }

    /// <summary>The key=value fields of the INTEROP RESULT line.</summary>
    public static IReadOnlyDictionary<string, string> Result(string output) => Fields(output, "INTEROP RESULT:");

    /// <summary>The key=value fields of each INTEROP SESSION line.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Sessions(string output) =>
        output.Split('\n').Where(l => l.StartsWith("INTEROP SESSION", StringComparison.Ordinal))
            .Select(l => (IReadOnlyDictionary<string, string>)Pairs(l)).ToList();

    private static Dictionary<string, string> Fields(string output, string prefix)
    {
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? new Dictionary<string, string>() : Pairs(line);
    }

    private static Dictionary<string, string> Pairs(string line) =>
        KeyValue().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex KeyValue();
}
