using System.Net;
using Concentrator.Protocol.Ip;

namespace Concentrator.Protocol.Tests.Ip;

public sealed class Ipv4Tests
{
    [Theory]
    [InlineData("10.0.0.1", 0x0A000001u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("192.168.7.200", 0xC0A807C8u)]
    public void Ipv4_converts_both_ways(string text, uint value)
    {
        Assert.Equal(value, Ipv4.ToUInt32(IPAddress.Parse(text)));
        Assert.Equal(IPAddress.Parse(text), Ipv4.ToIPAddress(value));
    }

    [Fact]
    public void Ipv4_rejects_ipv6_and_converts_prefixes()
    {
        Assert.Throws<ArgumentException>(() => Ipv4.ToUInt32(IPAddress.IPv6Loopback));
        Assert.Equal(0u, Ipv4.PrefixToMask(0));
        Assert.Equal(0xFFFFFF00u, Ipv4.PrefixToMask(24));
        Assert.Equal(0xFFFFFFFCu, Ipv4.PrefixToMask(30));
        Assert.Equal(0xFFFFFFFFu, Ipv4.PrefixToMask(32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4.PrefixToMask(33));
    }

    [Theory]
    [InlineData("10.8.0.1", true, 0x0A080001u)]
    [InlineData(" 10.8.0.1 ", true, 0x0A080001u)]
    [InlineData("10.1", false, 0u)] // IPAddress reads this as 10.0.0.1
    [InlineData("fe80::1", false, 0u)]
    [InlineData("vpn.example", false, 0u)]
    [InlineData(null, false, 0u)]
    public void Only_dotted_quads_parse(string? text, bool parsed, uint value)
    {
        Assert.Equal(parsed, Ipv4.TryParse(text, out var address));
        Assert.Equal(value, address);
    }

    [Fact]
    public void Formats_as_a_dotted_quad_and_converts_ipv6_to_nothing()
    {
        Assert.Equal("192.168.7.200", Ipv4.Format(0xC0A807C8));
        Assert.False(Ipv4.TryToUInt32(IPAddress.IPv6Loopback, out var value));
        Assert.Equal(0u, value);
        Assert.True(Ipv4.TryToUInt32(IPAddress.Loopback, out value));
        Assert.Equal(0x7F000001u, value);
    }
}
