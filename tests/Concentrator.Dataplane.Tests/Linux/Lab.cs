using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>Gatekeeper for tests that need the kernel: root, /dev/net/tun and iproute2.</summary>
internal static class Lab
{
    /// <summary>Skips the calling [SkippableFact] with the reason when this machine cannot run kernel tests.</summary>
    public static void Require()
    {
        var report = Privileges.Check();
        Skip.IfNot(report.IsSufficient && report.HasSysAdmin,
            "needs root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN) to create network namespaces, raw sockets and TUN devices: " + report.Message);
        Skip.IfNot(File.Exists("/dev/net/tun"), "needs /dev/net/tun (modprobe tun)");
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        Skip.IfNot(path.Split(':').Append("/usr/sbin").Append("/sbin").Any(dir => File.Exists(Path.Combine(dir, "ip"))),
            "needs iproute2's `ip` for network namespaces (apt-get install iproute2)");
    }

    /// <summary>Runs <paramref name="action"/> on a thread and fails the test if it has not finished within the timeout.</summary>
    public static Thread Start(string name, Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/>.</summary>
    public static void Eventually(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {timeout.TotalSeconds} s");
            Thread.Sleep(20);
        }
    }

    public static void Join(Thread thread, TimeSpan timeout) =>
        Assert.True(thread.Join(timeout), $"thread {thread.Name} did not finish within {timeout.TotalSeconds} s");
}
