using System.Net;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Protocol.Tests.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Ipcp;

/// <summary>
/// A Windows client's IPCP Configure-Request (BRIEF: "IPCP asks for DNS and WINS"), composed in the RFC 1332 §3 /
/// RFC 1877 §1 layouts: IP-Address, Primary DNS, Primary NBNS, Secondary DNS, Secondary NBNS, all 0.0.0.0.
/// </summary>
public class IpcpGoldenTests
{
    private const string WindowsRequest =
        "01 05 00 22 03 06 00 00 00 00 81 06 00 00 00 00 82 06 00 00 00 00 83 06 00 00 00 00 84 06 00 00 00 00";

    private static readonly IPAddress Peer = IPAddress.Parse("10.0.0.100");

    [Fact]
    public void Everything_configured_gives_one_nak_with_all_five_values()
    {
        var engine = Engine(new IpcpSettings(IPAddress.Parse("10.0.0.1"))
        {
            PrimaryDns = IPAddress.Parse("10.0.0.53"),
            SecondaryDns = IPAddress.Parse("10.0.0.54"),
            PrimaryNbns = IPAddress.Parse("10.0.0.137"),
            SecondaryNbns = IPAddress.Parse("10.0.0.138"),
        });

        Assert.Equal(
            ["03050022 03060A000064 81060A000035 82060A000089 83060A000036 84060A00008A".Replace(" ", string.Empty, StringComparison.Ordinal)],
            Outputs.Sent(engine.Receive(Hex.Bytes(WindowsRequest))));
    }

    [Fact]
    public void Without_wins_the_nbns_options_are_rejected_first_then_the_rest_naked_then_acked()
    {
        var engine = Engine(new IpcpSettings(IPAddress.Parse("10.0.0.1"))
        {
            PrimaryDns = IPAddress.Parse("10.0.0.53"),
            SecondaryDns = IPAddress.Parse("10.0.0.54"),
        });

        Assert.Equal(["04050010" + "820600000000" + "840600000000"], Outputs.Sent(engine.Receive(Hex.Bytes(WindowsRequest))));

        Assert.Equal(
            ["03060016" + "03060A000064" + "81060A000035" + "83060A000036"],
            Outputs.Sent(engine.Receive(Hex.Bytes("01 06 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"))));

        Assert.Equal(
            ["02070016" + "03060A000064" + "81060A000035" + "83060A000036"],
            Outputs.Sent(engine.Receive(Hex.Bytes("01 07 00 16 03 06 0A 00 00 64 81 06 0A 00 00 35 83 06 0A 00 00 36"))));
        Assert.Equal(PppState.AckSent, engine.State);
    }

    private static NegotiationEngine Engine(IpcpSettings settings)
    {
        var engine = new NegotiationEngine(PppProtocol.Ipcp, new IpcpPolicy(settings, Peer));
        engine.Open();
        // Our Configure-Request: IP-Address 10.0.0.1.
        Assert.Equal(["0101000A03060A000001"], Outputs.Sent(engine.Up()));
        return engine;
    }
}
