using System.Net;
using Concentrator.Dataplane.Linux;
using Concentrator.Dataplane.Tests.Linux;
using Concentrator.Dataplane.Tun;

namespace Concentrator.Dataplane.Tests.Tun;

public sealed class TunSetupTests
{
    [SkippableFact]
    public void Creates_the_device_as_configured()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        using var tun = ns.Run(() => TunSetup.Create(new TunSettings(IPAddress.Parse("10.94.0.1")) { Name = "cdtpptp%d", Mtu = 1396, Queues = 3 }));

        Assert.Equal("cdtpptp0", tun.Name);
        Assert.Equal(3, tun.Queues.Count);
        Assert.Equal(1396, tun.GetMtu());
        Assert.True(tun.GetFlags().HasFlag(InterfaceFlags.Up));
        var address = IpCommand.Run(ns.Name, "-4", "addr", "show", "dev", tun.Name).EnsureSuccess().StandardOutput;
        Assert.Contains("inet 10.94.0.1/32", address, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Without_cap_net_admin_the_error_says_what_to_do()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var error = Assert.Throws<DataplaneException>(() => ns.Run(() =>
        {
            // Capabilities are per thread; Run's thread is ours alone.
            ThreadCapabilities.DropEffective(Privileges.CapNetAdmin);
            return TunSetup.Create(new TunSettings(IPAddress.Parse("10.94.0.1")) { Name = "cdtperm0", Queues = 1 });
        }));

        Assert.StartsWith("TUN device cdtperm0 could not be created: ioctl(TUNSETIFF, \"cdtperm0\", queue 0) failed: EPERM", error.Message);
        Assert.Contains("CAP_NET_ADMIN", error.Message);
        Assert.Contains("run as root", error.Message);
        Assert.IsType<LinuxIoException>(error.InnerException);
    }

    [Fact]
    public void Settings_out_of_range_are_named()
    {
        Assert.Equal("Mtu", Assert.ThrowsAny<ArgumentException>(() => TunSetup.Create(new TunSettings(IPAddress.Parse("10.94.0.1")) { Mtu = 100 })).ParamName);
        Assert.Equal("Address", Assert.ThrowsAny<ArgumentException>(() => TunSetup.Create(new TunSettings(IPAddress.IPv6Loopback))).ParamName);
        Assert.Equal("Queues", Assert.ThrowsAny<ArgumentException>(() => TunSetup.Create(new TunSettings(IPAddress.Parse("10.94.0.1")) { Queues = 0 })).ParamName);
    }

    [Fact]
    public void The_mtu_range_is_the_one_the_configuration_allows()
    {
        new TunSettings(IPAddress.Parse("10.94.0.1")) { Mtu = TunSettings.MaxMtu }.Validate();
        new TunSettings(IPAddress.Parse("10.94.0.1")) { Mtu = TunSettings.MinMtu }.Validate();
        Assert.Equal(1500, TunSettings.MaxMtu);
        Assert.Equal("Mtu", Assert.ThrowsAny<ArgumentException>(() => new TunSettings(IPAddress.Parse("10.94.0.1")) { Mtu = 1501 }.Validate()).ParamName);
        Assert.Equal("Mtu", Assert.ThrowsAny<ArgumentException>(() => new TunSettings(IPAddress.Parse("10.94.0.1")) { Mtu = 575 }.Validate()).ParamName);
    }
}
