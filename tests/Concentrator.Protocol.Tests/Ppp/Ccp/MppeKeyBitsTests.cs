using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp.Ccp;

namespace Concentrator.Protocol.Tests.Ppp.Ccp;

public sealed class MppeKeyBitsTests
{
    [Theory]
    [InlineData(MppeBits.Key128 | MppeBits.Key40, MppeKeyLength.Bits128)]
    [InlineData(MppeBits.Key56 | MppeBits.Key40, MppeKeyLength.Bits56)]
    [InlineData(MppeBits.Key40 | MppeBits.Stateless, MppeKeyLength.Bits40)]
    public void Key_length_is_the_strongest_bit(MppeBits bits, MppeKeyLength length) => Assert.Equal(length, MppeKeyBits.KeyLength(bits));

    [Theory]
    [InlineData(MppeBits.Key128 | MppeBits.Key56 | MppeBits.Stateless, MppeBits.Key128)]
    [InlineData(MppeBits.Key56 | MppeBits.Key40, MppeBits.Key56)]
    [InlineData(MppeBits.Key40, MppeBits.Key40)]
    [InlineData(MppeBits.Stateless, MppeBits.Key40)]
    public void Strongest_is_s_then_m_then_l(MppeBits bits, MppeBits strongest) => Assert.Equal(strongest, MppeKeyBits.Strongest(bits));
}
