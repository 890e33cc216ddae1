using Concentrator.Cluster.Addressing;

namespace Concentrator.Cluster.Tests.Addressing;

public class AddressPoolDefinitionTests
{
    [Fact]
    public void Cidr_excludes_network_broadcast_and_listed_gateway()
    {
        var pool = AddressPoolDefinition.Parse("main", "10.8.0.0/24", ["10.8.0.1"]);

        Assert.Equal(Samples.Ip("10.8.0.0"), pool.First);
        Assert.Equal(Samples.Ip("10.8.0.255"), pool.Last);
        Assert.Equal(253, pool.UsableCount);
        Assert.Equal([Samples.Ip("10.8.0.0"), Samples.Ip("10.8.0.1"), Samples.Ip("10.8.0.255")], pool.Excluded);
        Assert.False(pool.IsUsable(Samples.Ip("10.8.0.1")));
        Assert.True(pool.IsUsable(Samples.Ip("10.8.0.2")));
        Assert.True(pool.IsExcluded(Samples.Ip("10.8.0.255")));
        Assert.False(pool.Contains(Samples.Ip("10.8.1.0")));
    }

    [Fact]
    public void Range_keeps_both_ends()
    {
        var pool = AddressPoolDefinition.Parse("r", "10.9.0.10-10.9.0.29");

        Assert.Equal(20, pool.UsableCount);
        Assert.True(pool.IsUsable(Samples.Ip("10.9.0.10")));
        Assert.True(pool.IsUsable(Samples.Ip("10.9.0.29")));
        Assert.Equal(3, pool.BlockCount(8));
        Assert.Equal((Samples.Ip("10.9.0.26"), Samples.Ip("10.9.0.29")), pool.BlockRange(2, 8));
    }

    [Fact]
    public void Slash_31_and_32_keep_every_address()
    {
        Assert.Equal(2, AddressPoolDefinition.Parse("p", "10.0.0.0/31").UsableCount);
        Assert.Equal(1, AddressPoolDefinition.Parse("p", "10.0.0.7/32").UsableCount);
    }

    [Theory]
    [InlineData("10.8.0.0/33", "not an IPv4 CIDR block")]
    [InlineData("10.8.0.1/24", "has host bits set; the block starts at 10.8.0.0")]
    [InlineData("10.8.0.9-10.8.0.1", "ends before it starts")]
    [InlineData("fe80::1/64", "not an IPv4 CIDR block")]
    [InlineData("10.8.0.0", "neither a CIDR block")]
    [InlineData("10.8.0.x-10.8.0.9", "not an IPv4 range")]
    public void Bad_ranges_are_refused_with_a_readable_message(string range, string message)
    {
        var error = Assert.Throws<FormatException>(() => AddressPoolDefinition.Parse("lab", range));
        Assert.Contains("pool 'lab'", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Excluded_address_outside_the_range_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => AddressPoolDefinition.Parse("lab", "10.8.0.0/24", ["10.9.0.1"]));
        Assert.Equal("pool 'lab': excluded address 10.9.0.1 is outside 10.8.0.0/24", error.Message);
    }

    [Fact]
    public void Settings_refuse_overlaps_and_bouncing_watermarks()
    {
        var a = AddressPoolDefinition.Parse("a", "10.8.0.0/24");
        var b = AddressPoolDefinition.Parse("b", "10.8.0.128-10.8.1.10");

        Assert.Equal("pools 'a' and 'b' overlap", Assert.Throws<ArgumentException>(() => new AddressPoolSettings([a, b]).Validate()).Message);
        Assert.Contains("high watermark 20", Assert.Throws<ArgumentException>(() => new AddressPoolSettings([a], 16, 8, 20).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("used twice", Assert.Throws<ArgumentException>(() => new AddressPoolSettings([a, AddressPoolDefinition.Parse("A", "10.9.0.0/24")]).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => new AddressPoolSettings([AddressPoolDefinition.Parse("static", "10.9.0.0/24")]).Validate()).Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), new AddressPoolSettings([a]).EffectiveRequestTimeout);
    }
}
