using System.Net;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Protocol.Tests.Ppp.Lcp;

namespace Concentrator.Protocol.Tests.Ppp.Negotiation;

public class NegotiationEngineTests
{
    // Our LCP Configure-Request id 1 as built by LcpPolicy (magic 0x11223344).
    private const string OurLcpRequestOptions = "01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44";

    [Fact]
    public void Open_then_up_starts_the_layer_and_sends_our_request()
    {
        var engine = Lcp();

        Assert.Equal(["LayerStarted"], Outputs.Kinds(engine.Open()));
        var up = engine.Up();

        Assert.Equal(["Send ConfigureRequest", "StartRestartTimer"], Outputs.Kinds(up));
        Assert.Equal(new StartRestartTimer(TimeSpan.FromSeconds(3)), up[1]);
        Assert.Equal(PppState.RequestSent, engine.State);
    }

    [Fact]
    public void Settings_choose_the_first_identifier_and_the_timeout()
    {
        var engine = new NegotiationEngine(
            PppProtocol.Lcp,
            Policy(),
            new NegotiationSettings { FirstIdentifier = 200, RestartTimeout = TimeSpan.FromSeconds(1) });
        engine.Open();

        var up = engine.Up();

        Assert.Equal(200, ((SendControlPacket)up[0]).Packet.Identifier);
        Assert.Equal(new StartRestartTimer(TimeSpan.FromSeconds(1)), up[1]);
    }

    [Fact]
    public void Each_request_gets_the_next_identifier()
    {
        var engine = Started();

        var second = engine.Timeout();
        var third = engine.Timeout();

        Assert.Equal(2, ((SendControlPacket)second[0]).Packet.Identifier);
        Assert.Equal(3, ((SendControlPacket)third[0]).Packet.Identifier);
        Assert.Equal(second[1], new StartRestartTimer(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Acks_with_wrong_identifier_or_options_and_duplicates_are_discarded()
    {
        var engine = Started();

        Assert.Empty(engine.Receive(Hex.Bytes("02 02 00 13 " + OurLcpRequestOptions)));
        Assert.Empty(engine.Receive(Hex.Bytes("02 01 00 13 01 04 05 DC 03 05 C2 23 81 05 06 11 22 33 44")));
        Assert.Equal(PppState.RequestSent, engine.State);

        Assert.Empty(engine.Receive(Hex.Bytes("02 01 00 13 " + OurLcpRequestOptions)));
        Assert.Equal(PppState.AckReceived, engine.State);

        // A duplicate would be RCA in Ack-Rcvd (scr/6) if it were not discarded.
        Assert.Empty(engine.Receive(Hex.Bytes("02 01 00 13 " + OurLcpRequestOptions)));
        Assert.Equal(PppState.AckReceived, engine.State);
    }

    [Fact]
    public void Nak_and_reject_revise_our_request()
    {
        var engine = Started();

        var afterNak = engine.Receive(Hex.Bytes("03 01 00 08 01 04 05 14"));
        Assert.Equal(["01020013" + "01040514" + "0305C22381" + "050611223344"], Outputs.Sent(afterNak));
        Assert.Equal("StartRestartTimer", Outputs.Kinds(afterNak)[1]);

        var afterReject = engine.Receive(Hex.Bytes("04 02 00 0A 05 06 11 22 33 44"));
        Assert.Equal(["0103000D" + "01040514" + "0305C22381"], Outputs.Sent(afterReject));
    }

    [Fact]
    public void Naks_and_rejects_that_do_not_answer_our_request_are_discarded()
    {
        var engine = Started();

        Assert.Empty(engine.Receive(Hex.Bytes("03 09 00 08 01 04 05 14"))); // stale identifier
        Assert.Empty(engine.Receive(Hex.Bytes("04 01 00 07 0D 03 06"))); // rejects an option we never sent
        Assert.Empty(engine.Receive(Hex.Bytes("04 01 00 08 01 04 05 DC"))); // "rejects" a modified option
        Assert.Empty(engine.Receive(Hex.Bytes("03 01 00 06 01 09"))); // malformed options
        Assert.Equal(PppState.RequestSent, engine.State);

        // Our request is unchanged: the retransmission carries the same options under the next identifier.
        Assert.Equal([Hex.Of(Hex.Bytes("01 02 00 13 " + OurLcpRequestOptions))], Outputs.Sent(engine.Timeout()));
    }

    [Fact]
    public void After_max_failure_naks_become_rejects_until_an_ack_is_sent()
    {
        var engine = Started();
        const string tinyMru = "01 04 00 64"; // MRU 100: below our minimum, Nak-ed with 576

        for (var id = 1; id <= 5; id++)
        {
            Assert.Equal([$"030{id}0008" + "01040240"], Outputs.Sent(engine.Receive(Hex.Bytes($"01 0{id} 00 08 " + tinyMru))));
        }

        Assert.Equal(["04060008" + "01040064"], Outputs.Sent(engine.Receive(Hex.Bytes("01 06 00 08 " + tinyMru))));

        Assert.Equal(["02070008" + "01040578"], Outputs.Sent(engine.Receive(Hex.Bytes("01 07 00 08 01 04 05 78"))));
        Assert.Equal(["03080008" + "01040240"], Outputs.Sent(engine.Receive(Hex.Bytes("01 08 00 08 " + tinyMru))));
    }

    [Fact]
    public void Hints_alone_after_max_failure_mean_not_converging()
    {
        var engine = new NegotiationEngine(
            PppProtocol.Ipcp,
            new IpcpPolicy(new IpcpSettings(IPAddress.Parse("10.0.0.1")), IPAddress.Parse("10.0.0.2")));
        engine.Open();
        engine.Up();

        for (var id = 1; id <= 5; id++)
        {
            Assert.Equal(["Send ConfigureNak"], Outputs.Kinds(engine.Receive(Hex.Bytes($"01 0{id} 00 04"))));
        }

        var last = engine.Receive(Hex.Bytes("01 06 00 04"));

        Assert.Equal(["Failed NotConverging", "Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(last));
        Assert.Equal(NegotiationFailure.NotConverging, engine.Failure);
        Assert.Equal(PppState.Closing, engine.State);
    }

    [Fact]
    public void A_policy_failure_closes_the_layer_and_is_reported_when_finished()
    {
        var engine = Started();

        var refused = engine.Receive(Hex.Bytes("03 01 00 08 03 04 C0 23"));

        Assert.Equal(["Failed PeerRefusesMsChapV2", "Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(refused));
        Assert.Equal(PppState.Closing, engine.State);
        Assert.Equal(["StopRestartTimer", "LayerFinished PeerRefusesMsChapV2"], Outputs.Kinds(engine.Receive(Hex.Bytes("06 02 00 04"))));
        Assert.Equal(PppState.Closed, engine.State);
    }

    [Fact]
    public void Nak_received_while_closing_does_not_touch_the_policy()
    {
        var policy = new ScriptedPolicy(LcpOptions.Mru(1400));
        var engine = new NegotiationEngine(PppProtocol.Lcp, policy);
        engine.Open();
        engine.Up();
        engine.Close();

        Assert.Empty(engine.Receive(Hex.Bytes("03 01 00 08 01 04 05 14")));
        Assert.Empty(policy.Naks);
        Assert.Equal(PppState.Closing, engine.State);
    }

    [Fact]
    public void Terminate_request_on_an_opened_layer()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        var terminated = engine.Receive(Hex.Bytes("05 09 00 04"));

        Assert.Equal(["Failed TerminatedByPeer", "LayerDown", "Send TerminateAck", "StartRestartTimer"], Outputs.Kinds(terminated));
        Assert.Equal(["06090004"], Outputs.Sent(terminated));
        Assert.Equal(PppState.Stopping, engine.State);
        Assert.Equal(["StopRestartTimer", "LayerFinished TerminatedByPeer"], Outputs.Kinds(engine.Timeout()));
        Assert.Equal(PppState.Stopped, engine.State);
    }

    [Fact]
    public void Administrative_close_of_an_opened_layer()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        var close = engine.Close();

        Assert.Equal(["LayerDown", "Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(close));
        Assert.Equal(["05020004"], Outputs.Sent(close));
        Assert.Equal(["StopRestartTimer", "LayerFinished None"], Outputs.Kinds(engine.Receive(Hex.Bytes("06 02 00 04"))));
        Assert.Equal(NegotiationFailure.None, engine.Failure);
    }

    [Fact]
    public void Close_gives_up_after_max_terminate_requests()
    {
        var engine = LcpGoldenTests.OpenedEngine();
        engine.Close();

        Assert.Equal(["Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(engine.Timeout()));
        Assert.Equal(["StopRestartTimer", "LayerFinished None"], Outputs.Kinds(engine.Timeout()));
        Assert.Equal(PppState.Closed, engine.State);
    }

    [Fact]
    public void Lower_layer_down_and_up_again()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        Assert.Equal(["LayerDown"], Outputs.Kinds(engine.Down()));
        Assert.Equal(PppState.Starting, engine.State);
        Assert.Equal(["Send ConfigureRequest", "StartRestartTimer"], Outputs.Kinds(engine.Up()));
    }

    [Fact]
    public void Down_in_stopped_signals_layer_started()
    {
        var engine = Started();
        for (var i = 0; i < 10; i++)
        {
            engine.Timeout();
        }

        Assert.Equal(PppState.Stopped, engine.State);
        Assert.Equal(["LayerStarted"], Outputs.Kinds(engine.Down()));
    }

    [Fact]
    public void A_request_in_stopped_restarts_negotiation()
    {
        var engine = Started();
        for (var i = 0; i < 10; i++)
        {
            engine.Timeout();
        }

        var restart = engine.Receive(Hex.Bytes("01 33 00 08 01 04 05 78"));

        Assert.Equal(["Send ConfigureRequest", "Send ConfigureAck", "StartRestartTimer"], Outputs.Kinds(restart));
        Assert.Equal(PppState.AckSent, engine.State);
    }

    [Fact]
    public void A_request_in_closed_gets_a_terminate_ack()
    {
        var engine = Lcp();
        engine.Up();

        Assert.Equal(["06040004"], Outputs.Sent(engine.Receive(Hex.Bytes("01 04 00 08 01 04 05 78"))));
        Assert.Equal(PppState.Closed, engine.State);
    }

    [Fact]
    public void A_new_request_on_an_opened_layer_renegotiates()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        var outputs = engine.Receive(Hex.Bytes("01 22 00 08 01 04 05 78"));

        Assert.Equal(["LayerDown", "Send ConfigureRequest", "Send ConfigureAck", "StartRestartTimer"], Outputs.Kinds(outputs));
        Assert.Equal(PppState.AckSent, engine.State);
    }

    [Fact]
    public void Unknown_codes_are_code_rejected_whole()
    {
        var lcp = LcpGoldenTests.OpenedEngine();

        // Code 14 means nothing to LCP (Windows' Set-Link-Info is such a packet).
        Assert.Equal(["0702000C" + "0E03000801020304"], Outputs.Sent(lcp.Receive(Hex.Bytes("0E 03 00 08 01 02 03 04"))));
        Assert.Equal(PppState.Opened, lcp.State);

        var ipcp = Ipcp();
        Assert.Equal(["07020008" + "08010004"], Outputs.Sent(ipcp.Receive(Hex.Bytes("08 01 00 04"))));

        var ccp = Ccp();
        Assert.Equal(["07020008" + "09010004"], Outputs.Sent(ccp.Receive(Hex.Bytes("09 01 00 04"))));
    }

    [Fact]
    public void Code_rejects_are_truncated_to_the_peer_mru()
    {
        var engine = LcpGoldenTests.OpenedEngine();
        engine.PeerMru = 10;

        Assert.Equal(["0702000A" + "0E03000C0102"], Outputs.Sent(engine.Receive(Hex.Bytes("0E 03 00 0C 01 02 03 04 05 06 07 08"))));
    }

    [Fact]
    public void Code_reject_of_an_optional_code_is_permitted()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        Assert.Empty(engine.Receive(Hex.Bytes("07 05 00 08 09 01 00 08"))); // our Echo-Request rejected
        Assert.Empty(engine.Receive(Hex.Bytes("07 06 00 04"))); // malformed: nothing rejected
        Assert.Equal(PppState.Opened, engine.State);
    }

    [Theory]
    [InlineData("07 05 00 08 01 01 00 04")] // Configure-Request rejected
    [InlineData("07 05 00 08 08 01 00 04")] // Protocol-Reject rejected (LCP only)
    public void Code_reject_of_an_essential_code_is_catastrophic(string packet)
    {
        var engine = LcpGoldenTests.OpenedEngine();

        var outputs = engine.Receive(Hex.Bytes(packet));

        Assert.Equal(["Failed CodeRejected", "LayerDown", "Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(outputs));
        Assert.Equal(PppState.Stopping, engine.State);
    }

    [Fact]
    public void Ncp_code_reject_of_code_8_is_permitted()
    {
        var engine = Ipcp();

        Assert.Empty(engine.Receive(Hex.Bytes("07 05 00 08 08 01 00 04")));
        Assert.Equal(PppState.RequestSent, engine.State);
    }

    [Fact]
    public void Protocol_reject_of_another_protocol_is_passed_on()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        Assert.Equal([new PeerRejectedProtocol(PppProtocol.Ipv6cp)], engine.Receive(Hex.Bytes("08 06 00 08 80 57 01 01")));
        Assert.Empty(engine.Receive(Hex.Bytes("08 07 00 05 80")));
        Assert.Equal(PppState.Opened, engine.State);
    }

    [Fact]
    public void Protocol_reject_of_lcp_is_catastrophic()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        var outputs = engine.Receive(Hex.Bytes("08 06 00 06 C0 21"));

        Assert.Equal(["Failed ProtocolRejected", "LayerDown", "Send TerminateRequest", "StartRestartTimer"], Outputs.Kinds(outputs));
    }

    [Fact]
    public void Protocol_reject_before_lcp_is_up_is_ignored()
    {
        var engine = Lcp();
        engine.Open();

        Assert.Empty(engine.Receive(Hex.Bytes("08 06 00 06 80 57")));
        Assert.Equal(PppState.Starting, engine.State);
    }

    [Fact]
    public void An_ncp_learning_it_was_protocol_rejected_finishes()
    {
        var engine = Ipcp();

        Assert.Equal(["Failed ProtocolRejected", "StopRestartTimer", "LayerFinished ProtocolRejected"], Outputs.Kinds(engine.ProtocolRejected()));
        Assert.Equal(PppState.Stopped, engine.State);
    }

    [Fact]
    public void Echo_request_is_answered_with_our_magic_only_when_opened()
    {
        var opened = LcpGoldenTests.OpenedEngine();
        const string request = "09 07 00 0A CA FE BA BE 68 69";

        Assert.Equal(["0A07000A" + "11223344" + "6869"], Outputs.Sent(opened.Receive(Hex.Bytes(request))));
        Assert.Empty(Started().Receive(Hex.Bytes(request)));
        Assert.Empty(opened.Receive(Hex.Bytes("09 08 00 06 CA FE"))); // too short for a magic number
        Assert.Empty(opened.Receive(Hex.Bytes("0B 09 00 08 CA FE BA BE"))); // Discard-Request
    }

    [Fact]
    public void Echo_reply_is_reported_when_opened()
    {
        var opened = LcpGoldenTests.OpenedEngine();

        var outputs = opened.Receive(Hex.Bytes("0A 02 00 09 5A 3C 1F 0E 6B"));

        var reply = Assert.IsType<EchoReplyReceived>(Assert.Single(outputs)).Reply;
        Assert.Equal(0x5A3C1F0Eu, reply.MagicNumber);
        Assert.Equal(2, reply.Identifier);
        Assert.Empty(Started().Receive(Hex.Bytes("0A 02 00 09 5A 3C 1F 0E 6B")));
    }

    [Fact]
    public void Keepalive_echo_requests_only_from_an_opened_lcp()
    {
        Assert.Equal(["0902000A" + "11223344" + "6B61"], Outputs.Sent(LcpGoldenTests.OpenedEngine().SendEchoRequest("ka"u8)));
        Assert.Empty(Started().SendEchoRequest("ka"u8));
        Assert.Empty(Ipcp().SendEchoRequest("ka"u8));
    }

    [Fact]
    public void Protocol_reject_helper_refuses_what_it_must_not_reject()
    {
        var ipv6 = Hex.Bytes("00 57 60 00 00 00");

        Assert.Empty(Started().RejectProtocol(ipv6)); // not opened
        Assert.Empty(Ipcp().RejectProtocol(ipv6)); // not LCP
        Assert.Empty(LcpGoldenTests.OpenedEngine().RejectProtocol(Hex.Bytes("C0 21 01 01 00 04"))); // LCP itself
        Assert.Empty(LcpGoldenTests.OpenedEngine().RejectProtocol(Hex.Bytes("C0"))); // not a frame

        var truncated = LcpGoldenTests.OpenedEngine();
        truncated.PeerMru = 8;
        Assert.Equal(["08020008" + "00576000"], Outputs.Sent(truncated.RejectProtocol(ipv6)));
    }

    [Fact]
    public void Ccp_reset_packets_are_passed_on_when_opened()
    {
        var ccp = new NegotiationEngine(PppProtocol.Ccp, new CcpPolicy(CcpSettings.Default));
        ccp.Open();
        ccp.Up();
        Assert.Empty(ccp.Receive(Hex.Bytes("0E 01 00 04")));

        ccp.Receive(Hex.Bytes("01 04 00 0A 12 06 01 00 00 40"));
        ccp.Receive(Hex.Bytes("02 01 00 0A 12 06 01 00 00 40"));
        Assert.Equal(PppState.Opened, ccp.State);

        var reset = Assert.IsType<ResetPacketReceived>(Assert.Single(ccp.Receive(Hex.Bytes("0E 05 00 05 AA"))));
        Assert.Equal(new ControlPacket(ControlCode.ResetRequest, 5, new byte[] { 0xAA }), reset.Packet);
        Assert.IsType<ResetPacketReceived>(Assert.Single(ccp.Receive(Hex.Bytes("0F 06 00 04"))));
    }

    [Fact]
    public void Malformed_input_is_discarded()
    {
        var engine = Started();

        Assert.Empty(engine.Receive(Hex.Bytes("01 01 00")));
        Assert.Empty(engine.Receive(Hex.Bytes("01 01 00 06 01 09")));
        Assert.Equal(PppState.RequestSent, engine.State);
    }

    [Fact]
    public void A_stale_timeout_is_ignored()
    {
        var engine = LcpGoldenTests.OpenedEngine();

        Assert.Empty(engine.Timeout());
        Assert.Equal(PppState.Opened, engine.State);
    }

    [Fact]
    public void Frames_for_sending()
    {
        var send = new SendControlPacket(PppProtocol.Ipcp, new ControlPacket(ControlCode.TerminateAck, 3, ReadOnlyMemory<byte>.Empty));

        Assert.Equal("FF03802106030004", Hex.Of(send.ToFrame(addressControl: true, compressProtocol: true)));
        Assert.Equal("802106030004", Hex.Of(send.ToFrame(addressControl: false, compressProtocol: true)));
    }

    private static LcpPolicy Policy() => new(LcpSettings.Default, 0x11223344, () => 0x55667788);

    private static NegotiationEngine Lcp() => new(PppProtocol.Lcp, Policy());

    private static NegotiationEngine Started()
    {
        var engine = Lcp();
        engine.Open();
        engine.Up();
        return engine;
    }

    private static NegotiationEngine Ipcp()
    {
        var engine = new NegotiationEngine(
            PppProtocol.Ipcp,
            new IpcpPolicy(new IpcpSettings(IPAddress.Parse("10.0.0.1")), IPAddress.Parse("10.0.0.2")));
        engine.Open();
        engine.Up();
        return engine;
    }

    private static NegotiationEngine Ccp()
    {
        var engine = new NegotiationEngine(PppProtocol.Ccp, new CcpPolicy(CcpSettings.Default));
        engine.Open();
        engine.Up();
        return engine;
    }
}
