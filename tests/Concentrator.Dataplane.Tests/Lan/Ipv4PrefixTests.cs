using Concentrator.Dataplane.Lan;

namespace Concentrator.Dataplane.Tests.Lan;

public sealed class Ipv4PrefixTests
{
    [Theory]
    [InlineData("10.8.0.0/24", 0x0A080000u, 24, "10.8.0.0/24")]
    [InlineData("10.8.0.77/24", 0x0A080000u, 24, "10.8.0.0/24")]
    [InlineData("192.168.1.5", 0xC0A80105u, 32, "192.168.1.5/32")]
    [InlineData("0.0.0.0/0", 0u, 0, "0.0.0.0/0")]
    public void Parses_and_clears_host_bits(string text, uint network, int length, string shown)
    {
        var prefix = Ipv4Prefix.Parse(text);
        Assert.Equal(network, prefix.Network);
        Assert.Equal(length, prefix.Length);
        Assert.Equal(shown, prefix.ToString());
    }

    [Theory]
    [InlineData("10.8.0.0/33")]
    [InlineData("10.8.0.0/-1")]
    [InlineData("10.8.0.0/")]
    [InlineData("fd00::/64")]
    [InlineData("pool")]
    public void Rejects_what_is_not_an_IPv4_prefix(string text) =>
        Assert.Contains("is not an IPv4 prefix", Assert.Throws<FormatException>(() => Ipv4Prefix.Parse(text)).Message);

    [Fact]
    public void Containment_and_overlap()
    {
        var lan = Ipv4Prefix.Parse("10.96.0.0/16");
        Assert.True(lan.Contains(Ipv4Prefix.Parse("10.96.5.0/24")));
        Assert.False(Ipv4Prefix.Parse("10.96.5.0/24").Contains(lan));
        Assert.True(Ipv4Prefix.Parse("10.96.5.0/24").Overlaps(lan));
        Assert.False(lan.Overlaps(Ipv4Prefix.Parse("10.95.0.0/24")));
        Assert.True(lan.Contains(0x0A60FFFFu));
        Assert.False(lan.Contains(0x0A610000u));
    }
}
