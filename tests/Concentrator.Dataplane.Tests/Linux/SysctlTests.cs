using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tests.Linux;

public sealed class SysctlTests
{
    [SkippableFact]
    public void Net_sysctls_follow_the_namespace_of_the_calling_thread()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var hostForwarding = Sysctl.GetIpForwarding();

        lab.A.Run(() => Sysctl.SetIpForwarding(true));
        Assert.True(lab.A.Run(Sysctl.GetIpForwarding));
        Assert.False(lab.B.Run(Sysctl.GetIpForwarding));
        Assert.Equal(hostForwarding, Sysctl.GetIpForwarding());
        Assert.Equal("1", lab.A.Exec("cat", "/proc/sys/net/ipv4/ip_forward").EnsureSuccess().StandardOutput.Trim());
        Assert.Equal("1", lab.A.Run(() => Sysctl.Read("net.ipv4.ip_forward")));

        // Per-interface entries exist only where the interface is.
        lab.A.Run(() => Sysctl.SetProxyArp("cdtA", true));
        Assert.True(lab.A.Run(() => Sysctl.GetProxyArp("cdtA")));
        Assert.Equal("1", lab.A.Exec("cat", "/proc/sys/net/ipv4/conf/cdtA/proxy_arp").EnsureSuccess().StandardOutput.Trim());
        Assert.False(lab.B.Run(() => Sysctl.GetProxyArp("cdtB")));
        var missing = Assert.Throws<InvalidOperationException>(() => lab.B.Run(() => Sysctl.GetProxyArp("cdtA")));
        Assert.StartsWith("sysctl net/ipv4/conf/cdtA/proxy_arp does not exist in this network namespace", missing.Message, StringComparison.Ordinal);

        lab.A.Run(() => Sysctl.SetProxyArp("cdtA", false));
        Assert.False(lab.A.Run(() => Sysctl.GetProxyArp("cdtA")));
    }

    [SkippableFact]
    public void Proc_net_follows_the_main_thread_but_proc_thread_self_net_the_calling_thread()
    {
        Lab.Require();
        using var lab = new TwoNamespaces();
        var (procNet, threadSelfNet) = lab.A.Run(() => (File.ReadAllText("/proc/net/dev"), File.ReadAllText("/proc/thread-self/net/dev")));
        Assert.Contains("cdtA:", threadSelfNet, StringComparison.Ordinal);
        Assert.DoesNotContain("cdtA:", procNet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward")]
    [InlineData("net/ipv4/conf/eth0.5/proxy_arp", "/proc/sys/net/ipv4/conf/eth0.5/proxy_arp")]
    public void Names_map_to_proc_sys_paths(string name, string path) => Assert.Equal(path, Sysctl.PathOf(name));

    [Theory]
    [InlineData("net/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("net..ipv4")]
    [InlineData(" ")]
    public void Names_cannot_leave_proc_sys(string name) => Assert.Throws<ArgumentException>(() => Sysctl.PathOf(name));
}
