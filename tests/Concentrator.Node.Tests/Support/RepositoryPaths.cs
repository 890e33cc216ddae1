namespace Concentrator.Node.Tests.Support;

/// <summary>Where things are: the repository (found by Concentrator.sln) and the shared interop harness beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/interop: the real pppd + pptp client in QEMU.</summary>
    public static string Interop => Path.GetFullPath(Path.Combine(Root, "..", "shared", "interop"));

    /// <summary>The node executable (concentrator.dll) that this test project builds beside itself.</summary>
    public static string NodeDll => typeof(Concentrator.Node.Cli.CliApp).Assembly.Location;

    /// <summary>True when running in CI, where nothing may be skipped for lack of a prerequisite.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Concentrator.sln"))) return dir.FullName;
        throw new InvalidOperationException("Concentrator.sln not found above " + AppContext.BaseDirectory);
    }
}
