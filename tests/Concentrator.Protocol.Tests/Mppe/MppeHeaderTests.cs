using Concentrator.Protocol.Mppe;
using CsCheck;

namespace Concentrator.Protocol.Tests.Mppe;

public class MppeHeaderTests
{
    [Theory]
    // RFC 3078 §3.1 layout: A B C D in the top nibble, then 12 bits of coherency count.
    [InlineData("9000", true, false, false, true, 0)]
    [InlineData("1FFF", false, false, false, true, 4095)]
    [InlineData("9ABC", true, false, false, true, 0xABC)]
    [InlineData("6123", false, true, true, false, 0x123)]
    public void Golden_bytes(string hex, bool a, bool b, bool c, bool d, int count)
    {
        Assert.True(MppeHeader.TryDecode(Hex.Bytes(hex), out MppeHeader header, out MppeError error));
        Assert.Equal(MppeError.None, error);
        Assert.Equal(new MppeHeader(a, b, c, d, count), header);
        var buffer = new byte[2];
        Assert.Equal(2, header.WriteTo(buffer));
        Assert.Equal(hex, Hex.Of(buffer));
    }

    [Fact]
    public void Round_trip()
    {
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int[0, 4095]).Sample((a, b, c, d, count) =>
        {
            var header = new MppeHeader(a, b, c, d, count);
            var buffer = new byte[2];
            Assert.Equal(2, header.WriteTo(buffer));
            Assert.True(MppeHeader.TryDecode(buffer, out MppeHeader decoded, out _));
            Assert.Equal(header, decoded);
        });
    }

    [Fact]
    public void Short_input_and_output()
    {
        Assert.False(MppeHeader.TryDecode(Hex.Bytes("90"), out _, out MppeError error));
        Assert.Equal(MppeError.Truncated, error);
        Assert.False(MppeHeader.TryDecode([], out _, out error));
        Assert.Equal(MppeError.Truncated, error);
        Assert.Equal(0, new MppeHeader(true, false, false, true, 1).WriteTo(new byte[1]));
        Assert.Equal(0x00FD, MppeHeader.PppProtocol);
    }
}
