using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tests.Linux;

public sealed class PrivilegesTests
{
    // Lines as /proc/<pid>/status prints them (Linux 6.x, proc(5)).
    private const string Root = "Name:\tdotnet\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n";
    private const string Unprivileged = "Name:\tdotnet\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n";
    private const string NetAdminOnly = "CapEff:\t0000000000001000\n";
    private const string NetRawOnly = "CapEff:\t0000000000002000\n";
    private const string SetcapBoth = "CapPrm:\t0000000000003000\nCapEff:\t0000000000003000\n";

    [Theory]
    [InlineData(Root, 0x000001ffffffffffUL)]
    [InlineData(Unprivileged, 0UL)]
    [InlineData(NetAdminOnly, 0x1000UL)]
    [InlineData(NetRawOnly, 0x2000UL)]
    [InlineData("CapEff:   00000000a80425fb\r", 0xa80425fbUL)]
    public void CapEff_is_parsed_as_hex(string status, ulong expected)
    {
        Assert.True(Privileges.TryParseEffectiveCapabilities(status, out var capabilities));
        Assert.Equal(expected, capabilities);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CapPrm:\t000001ffffffffff\n")]
    [InlineData("CapEff:\tnot-hex\n")]
    public void Missing_or_garbled_CapEff_is_not_parsed(string status) =>
        Assert.False(Privileges.TryParseEffectiveCapabilities(status, out _));

    [Fact]
    public void Root_with_all_capabilities_is_sufficient()
    {
        var report = Privileges.Evaluate(Root, 0);
        Assert.Equal(new PrivilegeReport(true, true, true, true, "privileges OK: root with CAP_NET_ADMIN and CAP_NET_RAW"), report);
        Assert.True(report.IsSufficient);
    }

    [Fact]
    public void Setcap_without_root_is_sufficient_but_mentions_the_namespace_helpers()
    {
        var report = Privileges.Evaluate(SetcapBoth, 1000);
        Assert.True(report.IsSufficient);
        Assert.False(report.IsRoot);
        Assert.False(report.HasSysAdmin);
        Assert.Equal("privileges OK: uid 1000 with CAP_NET_ADMIN and CAP_NET_RAW (without CAP_SYS_ADMIN the network-namespace lab helpers will not work)", report.Message);
    }

    [Fact]
    public void An_unprivileged_user_is_told_both_capabilities_and_how_to_grant_them()
    {
        var report = Privileges.Evaluate(Unprivileged, 1000);
        Assert.False(report.IsSufficient);
        Assert.StartsWith("missing CAP_NET_RAW (to open the GRE raw socket, IP protocol 47) and CAP_NET_ADMIN (to create and configure TUN interfaces and routes); running as uid 1000; run as root", report.Message, StringComparison.Ordinal);
        Assert.Contains("setcap cap_net_admin,cap_net_raw+ep", report.Message, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NetAdminOnly, true, false, "missing CAP_NET_RAW (to open the GRE raw socket, IP protocol 47); running as root whose capabilities were dropped")]
    [InlineData(NetRawOnly, false, true, "missing CAP_NET_ADMIN (to create and configure TUN interfaces and routes); running as root whose capabilities were dropped")]
    public void Root_in_a_container_without_one_capability_is_told_which(string status, bool netAdmin, bool netRaw, string start)
    {
        var report = Privileges.Evaluate(status, 0);
        Assert.Equal((true, netAdmin, netRaw, false), (report.IsRoot, report.HasNetAdmin, report.HasNetRaw, report.IsSufficient));
        Assert.StartsWith(start, report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_status_is_reported_as_no_capabilities()
    {
        var report = Privileges.Evaluate("Name:\tx\n", 0);
        Assert.False(report.IsSufficient);
        Assert.StartsWith("could not read the effective capabilities", report.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Check_as_root_is_ok()
    {
        var boundingSet = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("CapBnd:", StringComparison.Ordinal));
        var bounded = Convert.ToUInt64(boundingSet["CapBnd:".Length..].Trim(), 16);
        Skip.IfNot(Environment.UserName == "root" && (bounded & 0x3000) == 0x3000,
            "the process is not root with CAP_NET_ADMIN and CAP_NET_RAW in its bounding set");
        var report = Privileges.Check();
        Assert.True(report.IsRoot);
        Assert.True(report.IsSufficient, report.Message);
        Assert.StartsWith("privileges OK: root", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_agrees_with_what_the_kernel_allows()
    {
        var report = Privileges.Check();
        Assert.Equal(Environment.UserName == "root", report.IsRoot);
        bool canOpenRawSocket;
        try
        {
            RawGreSocket.Open().Dispose();
            canOpenRawSocket = true;
        }
        catch (LinuxIoException e) when (e.Errno == Errno.EPERM)
        {
            canOpenRawSocket = false;
        }
        Assert.Equal(canOpenRawSocket, report.HasNetRaw);
    }

    [SkippableFact]
    public void A_thread_without_the_capabilities_gets_operator_readable_errors()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var (report, socketError, tunError) = ns.Run(() =>
        {
            ThreadCapabilities.DropEffective(Privileges.CapNetAdmin, Privileges.CapNetRaw);
            var check = Privileges.Check();
            var socket = Assert.Throws<LinuxIoException>(() => RawGreSocket.Open());
            var tun = Assert.Throws<LinuxIoException>(() => TunDevice.Create("tuntest0"));
            return (check, socket, tun);
        });
        Assert.False(report.IsSufficient);
        Assert.True(report.IsRoot);
        Assert.Contains("missing CAP_NET_RAW", report.Message, StringComparison.Ordinal);

        Assert.Equal(Errno.EPERM, socketError.Errno);
        Assert.StartsWith("socket(AF_INET, SOCK_RAW, 47) failed: EPERM (Operation not permitted) — run as root or grant CAP_NET_RAW", socketError.Message, StringComparison.Ordinal);
        Assert.Equal(Errno.EPERM, tunError.Errno);
        Assert.Contains("creating a TUN interface needs CAP_NET_ADMIN", tunError.Message, StringComparison.Ordinal);

        Assert.True(Privileges.Check().IsSufficient, "only the namespace thread lost its capabilities");
    }
}
