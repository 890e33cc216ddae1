using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Protocol.Tests.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Lcp;

/// <summary>
/// The first LCP packets of a Windows client, composed from the BRIEF's field notes (MRU 1400, Magic-Number,
/// PFC, ACFC, Callback with operation 6 = CBCP) in the RFC 1661 §5.1 / §6 layouts, and our answers.
/// </summary>
public class LcpGoldenTests
{
    // Windows: Configure-Request id 0: MRU 1400, Magic 0x5A3C1F0E, PFC, ACFC, Callback(CBCP).
    private const string WindowsRequest = "01 00 00 15 01 04 05 78 05 06 5A 3C 1F 0E 07 02 08 02 0D 03 06";

    // Windows again, id 1, after our Configure-Reject: the same without Callback.
    private const string WindowsSecondRequest = "01 01 00 12 01 04 05 78 05 06 5A 3C 1F 0E 07 02 08 02";

    [Fact]
    public void Windows_first_request_decodes_to_its_options()
    {
        Assert.True(ControlPacket.TryDecode(Hex.Bytes(WindowsRequest), out var packet, out _));
        Assert.True(ConfigurePacket.TryDecode(packet, out var request, out _));

        Assert.Equal(ControlCode.ConfigureRequest, request.Code);
        Assert.Equal(
            [
                LcpOptions.Mru(1400), LcpOptions.MagicNumber(0x5A3C1F0E), LcpOptions.ProtocolFieldCompression(),
                LcpOptions.AddressControlFieldCompression(), LcpOptions.Callback(CallbackOperation.CallbackControlProtocol, []),
            ],
            request.Options);
    }

    [Fact]
    public void Our_request_then_reject_of_callback_then_ack()
    {
        var engine = new NegotiationEngine(PppProtocol.Lcp, new LcpPolicy(LcpSettings.Default, 0x11223344, () => 0x55667788));
        engine.Open();

        var opening = engine.Up();
        // Our Configure-Request id 1: MRU 1400, Auth-Protocol CHAP/MS-CHAPv2, Magic-Number.
        Assert.Equal(["0101001301040578" + "0305C22381" + "050611223344"], Outputs.Sent(opening));
        Assert.Equal(
            Hex.Bytes("FF 03 C0 21 01 01 00 13 01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44"),
            opening.OfType<SendControlPacket>().Single().ToFrame(addressControl: true, compressProtocol: false));

        // The Callback option comes back byte for byte in a Configure-Reject with the request's identifier.
        Assert.Equal(["04000007" + "0D0306"], Outputs.Sent(engine.Receive(Hex.Bytes(WindowsRequest))));

        Assert.Equal(["02010012" + "0104057805065A3C1F0E07020802"], Outputs.Sent(engine.Receive(Hex.Bytes(WindowsSecondRequest))));
        Assert.Equal(PppState.AckSent, engine.State);

        var opened = engine.Receive(Hex.Bytes("02 01 00 13 01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44"));
        Assert.Equal(["StopRestartTimer", "LayerUp"], Outputs.Kinds(opened));
        Assert.Equal(PppState.Opened, engine.State);
    }

    [Fact]
    public void Windows_identification_is_accepted_silently()
    {
        var engine = OpenedEngine();

        Assert.Empty(engine.Receive(Hex.Bytes("0C 02 00 12 5A 3C 1F 0E 4D 53 52 41 53 56 35 2E 32 30")));
        Assert.Empty(engine.Receive(Hex.Bytes("0D 03 00 0C 5A 3C 1F 0E 00 00 0E 10")));
        Assert.Equal(PppState.Opened, engine.State);
    }

    [Fact]
    public void Debian_pppd_ipv6cp_request_is_protocol_rejected()
    {
        // pppd asks for IPV6CP by default (BRIEF field notes): Configure-Request id 1 with
        // Interface-Identifier (RFC 5072 §4.1, type 1, length 10) in a full-header GRE PPP frame.
        var frame = Hex.Bytes("FF 03 80 57 01 01 00 0E 01 0A 02 11 22 FF FE 33 44 55");
        var engine = OpenedEngine();

        var sent = engine.RejectProtocol(frame).OfType<SendControlPacket>().Single();

        // RFC 1661 §5.7: LCP Code 8, our next identifier, Rejected-Protocol 0x8057, then the Information field.
        Assert.Equal(
            Hex.Bytes("FF 03 C0 21 08 02 00 14 80 57 01 01 00 0E 01 0A 02 11 22 FF FE 33 44 55"),
            sent.ToFrame(addressControl: true, compressProtocol: true));
    }

    /// <summary>LCP opened with the Windows client above; our identifier 1 is used, the next one is 2.</summary>
    internal static NegotiationEngine OpenedEngine()
    {
        var engine = new NegotiationEngine(PppProtocol.Lcp, new LcpPolicy(LcpSettings.Default, 0x11223344, () => 0x55667788));
        engine.Open();
        engine.Up();
        engine.Receive(Hex.Bytes(WindowsSecondRequest));
        engine.Receive(Hex.Bytes("02 01 00 13 01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44"));
        Assert.Equal(PppState.Opened, engine.State);
        return engine;
    }
}
