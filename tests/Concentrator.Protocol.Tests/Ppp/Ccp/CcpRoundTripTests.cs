using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Tests.Ppp.Lcp;
using CsCheck;

namespace Concentrator.Protocol.Tests.Ppp.Ccp;

public class CcpRoundTripTests
{
    [Fact]
    public void Mppe_option_round_trips() =>
        Gen.UInt.Sample(bits =>
        {
            Assert.True(CcpOptions.TryReadMppe(LcpRoundTripTests.ViaWire(CcpOptions.Mppe((MppeBits)bits)), out var decoded));
            Assert.Equal((MppeBits)bits, decoded);
        });
}
