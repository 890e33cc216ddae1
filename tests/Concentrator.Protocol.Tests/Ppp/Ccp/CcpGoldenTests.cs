using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Protocol.Tests.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Ccp;

/// <summary>CCP with the MPPE option laid out per RFC 3078 §2 (type 18, length 6, H = 0x01000000, S = 0x40).</summary>
public class CcpGoldenTests
{
    [Fact]
    public void Our_request_is_128_bit_stateless()
    {
        var engine = new NegotiationEngine(PppProtocol.Ccp, new CcpPolicy(CcpSettings.Default));
        engine.Open();

        Assert.Equal(["0101000A" + "120601000040"], Outputs.Sent(engine.Up()));
    }

    [Fact]
    public void Windows_128_bit_stateless_request_is_acked()
    {
        // Windows with "maximum strength encryption": H|S = 0x01000040.
        Assert.Equal(["0204000A120601000040"], Outputs.Sent(Engine().Receive(Hex.Bytes("01 04 00 0A 12 06 01 00 00 40"))));
    }

    [Fact]
    public void Offer_of_everything_is_naked_down_to_128_bit_stateless()
    {
        // H|M|S|L|C = 0x010000E1: every key length plus MPPC compression.
        Assert.Equal(["0304000A120601000040"], Outputs.Sent(Engine().Receive(Hex.Bytes("01 04 00 0A 12 06 01 00 00 E1"))));
    }

    [Fact]
    public void Deflate_is_rejected_before_mppe_is_discussed()
    {
        // Deflate (RFC 1979: type 26, length 4, window 0x78, method 0x00) next to stateful 128-bit MPPE.
        Assert.Equal(["04040008" + "1A047800"], Outputs.Sent(Engine().Receive(Hex.Bytes("01 04 00 0E 12 06 00 00 00 40 1A 04 78 00"))));
    }

    [Fact]
    public void Forty_bit_only_peer_is_refused_and_terminated()
    {
        var engine = Engine();

        var outputs = engine.Receive(Hex.Bytes("01 04 00 0A 12 06 00 00 00 20"));

        Assert.Equal(["Failed EncryptionRefused", "Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(outputs));
        Assert.Equal(PppState.Closing, engine.State);
        Assert.Equal(NegotiationFailure.EncryptionRefused, engine.Failure);
    }

    private static NegotiationEngine Engine()
    {
        var engine = new NegotiationEngine(PppProtocol.Ccp, new CcpPolicy(CcpSettings.Default));
        engine.Open();
        engine.Up();
        return engine;
    }
}
