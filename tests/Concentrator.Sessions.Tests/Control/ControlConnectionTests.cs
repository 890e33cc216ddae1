using System.Net;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.Diagnostics;

namespace Concentrator.Sessions.Tests.Control;

public class ControlConnectionTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("203.0.113.7");

    internal static StartControlConnectionRequest Sccrq(ushort version = 0x0100) =>
        new(version, FramingCapabilities.Synchronous, BearerCapabilities.Analog, 0, 0x0600, "", "Microsoft");

    internal static OutgoingCallRequest Ocrq(ushort peerCallId) =>
        new(peerCallId, 1, 300, 100_000_000, BearerCapabilities.Analog | BearerCapabilities.Digital,
            FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous, 64, 0, 0, "", "");

    private static ControlConnection Established(CallIdAllocator? ids = null, bool enabled = true, int maxCalls = 16, int maxMalformed = 3)
    {
        var c = new ControlConnection(new ControlSettings { MaxCallsPerConnection = maxCalls, MaxMalformedMessages = maxMalformed },
            ids ?? new CallIdAllocator(), () => enabled, Peer, 64);
        c.Start();
        c.OnMessage(Sccrq());
        return c;
    }

    private static T Single<T>(IEnumerable<ControlEffect> effects) => Assert.Single(effects.OfType<T>());

    [Fact]
    public void Start_request_is_answered_and_starts_the_echo_timer()
    {
        var c = new ControlConnection(new ControlSettings { HostName = "vpn1" }, new CallIdAllocator(), () => true, Peer, 64);
        Assert.Equal(ControlTimer.Start, Single<ArmTimer>(c.Start()).Timer);
        var effects = c.OnMessage(Sccrq());
        var reply = Assert.IsType<StartControlConnectionReply>(Single<SendControl>(effects).Message);
        Assert.Equal(StartControlConnectionResult.Successful, reply.ResultCode);
        Assert.Equal(0x0100, reply.ProtocolVersion);
        Assert.Equal("vpn1", reply.HostName);
        Assert.Equal(ControlTimer.Echo, Single<ArmTimer>(effects).Timer);
        Assert.Equal(ControlPhase.Established, c.Phase);
    }

    [Fact]
    public void A_wrong_protocol_version_is_refused_and_closed()
    {
        var c = new ControlConnection(new ControlSettings(), new CallIdAllocator(), () => true, Peer, 64);
        var effects = c.OnMessage(Sccrq(0x0200));
        var reply = Assert.IsType<StartControlConnectionReply>(Single<SendControl>(effects).Message);
        Assert.Equal(StartControlConnectionResult.ProtocolVersionNotSupported, reply.ResultCode);
        Single<CloseConnection>(effects);
    }

    [Fact]
    public void Anything_before_the_start_request_closes_the_connection()
    {
        var c = new ControlConnection(new ControlSettings(), new CallIdAllocator(), () => true, Peer, 64);
        var effects = c.OnMessage(Ocrq(1));
        Assert.Equal(DiagnosticKind.ProtocolViolation, Single<Diagnose>(effects).Kind);
        Single<CloseConnection>(effects);
        Assert.Empty(c.OnMessage(Sccrq())); // closed for good
    }

    [Fact]
    public void No_start_request_in_time_closes_the_connection()
    {
        var c = new ControlConnection(new ControlSettings(), new CallIdAllocator(), () => true, Peer, 64);
        c.Start();
        var effects = c.OnTimer(ControlTimer.Start);
        Assert.Equal(DiagnosticKind.SetupTimeout, Single<Diagnose>(effects).Kind);
        Single<CloseConnection>(effects);
    }

    [Fact]
    public void An_outgoing_call_starts_a_call_actor_before_the_reply()
    {
        var c = Established();
        var effects = c.OnMessage(Ocrq(777));
        Assert.IsType<StartCall>(effects[1]);
        var start = Single<StartCall>(effects).Setup;
        Assert.Equal(777, start.PeerCallId);
        Assert.Equal(64, start.PeerReceiveWindow);
        Assert.Equal(Peer, start.Peer);
        var reply = Assert.IsType<OutgoingCallReply>(Single<SendControl>(effects).Message);
        Assert.Equal(OutgoingCallResult.Connected, reply.ResultCode);
        Assert.Equal(start.CallId, reply.CallId);
        Assert.Equal(777, reply.PeerCallId);
        Assert.Equal(64, reply.PacketReceiveWindowSize);
        Assert.True(effects.IndexOf(effects.OfType<StartCall>().Single()) < effects.IndexOf(effects.OfType<SendControl>().Single()));
    }

    [Fact]
    public void Calls_are_refused_while_pptp_is_switched_off()
    {
        var c = Established(enabled: false);
        var effects = c.OnMessage(Ocrq(5));
        var reply = Assert.IsType<OutgoingCallReply>(Single<SendControl>(effects).Message);
        Assert.Equal(OutgoingCallResult.DoNotAccept, reply.ResultCode);
        Assert.Equal(DiagnosticKind.PptpDisabled, Single<Diagnose>(effects).Kind);
        Assert.Empty(effects.OfType<StartCall>());
    }

    [Fact]
    public void Too_many_calls_and_reused_peer_call_ids_are_refused()
    {
        var c = Established(maxCalls: 2);
        Single<StartCall>(c.OnMessage(Ocrq(1)));
        var dup = Assert.IsType<OutgoingCallReply>(Single<SendControl>(c.OnMessage(Ocrq(1))).Message);
        Assert.Equal(PptpErrorCode.BadCallId, dup.ErrorCode);
        Single<StartCall>(c.OnMessage(Ocrq(2)));
        var full = Assert.IsType<OutgoingCallReply>(Single<SendControl>(c.OnMessage(Ocrq(3))).Message);
        Assert.Equal(OutgoingCallResult.GeneralError, full.ResultCode);
        Assert.Equal(PptpErrorCode.NoResource, full.ErrorCode);
    }

    [Fact]
    public void Call_clear_request_hangs_up_and_the_end_is_notified_with_our_call_id()
    {
        var ids = new CallIdAllocator();
        var c = Established(ids);
        var callId = Single<StartCall>(c.OnMessage(Ocrq(42))).Setup.CallId;
        var hangUp = Single<HangUpCall>(c.OnMessage(new CallClearRequest(42)));
        Assert.Equal(callId, hangUp.CallId);
        Assert.Equal(CallDisconnectResult.Request, hangUp.Result);
        var cdn = Assert.IsType<CallDisconnectNotify>(Single<SendControl>(c.OnCallEnded(callId, CallDisconnectResult.Request, "bye")).Message);
        Assert.Equal(callId, cdn.CallId);
        Assert.Equal(CallDisconnectResult.Request, cdn.ResultCode);
        Assert.Equal("bye", cdn.CallStatistics);
        Assert.Equal(0, ids.InUse);
        Assert.Empty(c.OnMessage(new CallClearRequest(42)).OfType<HangUpCall>());
    }

    [Fact]
    public void Echo_requests_are_answered()
    {
        var c = Established();
        var reply = Assert.IsType<EchoReply>(Single<SendControl>(c.OnMessage(new EchoRequest(0xDEADBEEF))).Message);
        Assert.Equal(0xDEADBEEFu, reply.Identifier);
        Assert.Equal(EchoResult.Ok, reply.ResultCode);
    }

    [Fact]
    public void Silence_sends_an_echo_request_and_no_answer_closes_with_a_diagnostic()
    {
        var c = Established();
        var callId = Single<StartCall>(c.OnMessage(Ocrq(9))).Setup.CallId;
        var first = c.OnTimer(ControlTimer.Echo);
        Assert.IsType<EchoRequest>(Single<SendControl>(first).Message);
        Assert.Equal(TimeSpan.FromSeconds(60), Single<ArmTimer>(first).After);
        var second = c.OnTimer(ControlTimer.Echo);
        Assert.Equal(DiagnosticKind.ControlEchoTimeout, Single<Diagnose>(second).Kind);
        Assert.Equal(callId, Single<HangUpCall>(second).CallId);
        Single<CloseConnection>(second);
    }

    [Fact]
    public void An_echo_reply_keeps_the_connection()
    {
        var c = Established();
        var request = Assert.IsType<EchoRequest>(Single<SendControl>(c.OnTimer(ControlTimer.Echo)).Message);
        c.OnMessage(new EchoReply(request.Identifier, EchoResult.Ok, PptpErrorCode.None));
        Assert.IsType<EchoRequest>(Single<SendControl>(c.OnTimer(ControlTimer.Echo)).Message);
    }

    [Fact]
    public void Stop_request_from_the_peer_ends_calls_and_is_answered()
    {
        var c = Established();
        Single<StartCall>(c.OnMessage(Ocrq(1)));
        Single<StartCall>(c.OnMessage(Ocrq(2)));
        var effects = c.OnMessage(new StopControlConnectionRequest(StopControlConnectionReason.None));
        Assert.Equal(2, effects.OfType<HangUpCall>().Count());
        var reply = Assert.IsType<StopControlConnectionReply>(Single<SendControl>(effects).Message);
        Assert.Equal(StopControlConnectionResult.Ok, reply.ResultCode);
        Single<CloseConnection>(effects);
    }

    [Fact]
    public void Shutdown_ends_calls_first_then_sends_stop_and_closes_on_the_reply()
    {
        var c = Established();
        var callId = Single<StartCall>(c.OnMessage(Ocrq(1))).Setup.CallId;
        Assert.Equal(CallDisconnectResult.AdminShutdown, Single<HangUpCall>(c.Shutdown("node draining")).Result);
        var ended = c.OnCallEnded(callId, CallDisconnectResult.AdminShutdown, "node draining");
        Assert.IsType<CallDisconnectNotify>(ended.OfType<SendControl>().First().Message);
        Assert.IsType<StopControlConnectionRequest>(ended.OfType<SendControl>().Last().Message);
        Assert.Equal(ControlTimer.Stop, Single<ArmTimer>(ended).Timer);
        Single<CloseConnection>(c.OnMessage(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None)));
    }

    [Fact]
    public void A_peer_that_never_answers_our_stop_is_closed_after_the_stuck_timeout()
    {
        var c = Established();
        c.Shutdown("bye");
        Assert.Equal(ControlPhase.Stopping, c.Phase);
        Single<CloseConnection>(c.OnTimer(ControlTimer.Stop));
    }

    [Fact]
    public void Incoming_call_requests_are_refused()
    {
        var c = Established();
        var effects = c.OnMessage(new IncomingCallRequest(33, 1, BearerCapabilities.Analog, 0, 0, 0, "", "", ""));
        var reply = Assert.IsType<IncomingCallReply>(Single<SendControl>(effects).Message);
        Assert.Equal(IncomingCallResult.DoNotAccept, reply.ResultCode);
        Assert.Equal(33, reply.PeerCallId);
    }

    [Fact]
    public void Malformed_messages_are_counted_the_first_reported_and_tolerated_up_to_the_limit()
    {
        var c = Established();
        var first = c.OnMalformed(PptpError.WrongLengthForType);
        Single<CountMalformed>(first);
        var report = Single<Diagnose>(first);
        Assert.Equal(DiagnosticKind.ProtocolViolation, report.Kind);
        Assert.Contains("WrongLengthForType", report.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 3", report.Message, StringComparison.Ordinal);
        Assert.Contains("update or replace the client", report.Hint, StringComparison.Ordinal);
        Assert.Equal(ControlTimer.MalformedReport, Single<ArmTimer>(first).Timer);
        Assert.Empty(first.OfType<CloseConnection>());

        for (var i = 0; i < 2; i++) Assert.Equal([CountMalformed.Instance], c.OnMalformed(PptpError.WrongLengthForType));

        var effects = c.OnMalformed(PptpError.UnknownControlMessageType);
        Single<CountMalformed>(effects);
        Assert.Equal(DiagnosticKind.ProtocolViolation, Single<Diagnose>(effects).Kind);
        Single<CloseConnection>(effects);
    }

    [Fact]
    public void Malformed_messages_held_back_are_reported_together_once_per_interval()
    {
        var c = Established(maxMalformed: 100);
        Single<Diagnose>(c.OnMalformed(PptpError.WrongLengthForType));
        for (var i = 0; i < 4; i++) Assert.Empty(c.OnMalformed(PptpError.UnknownControlMessageType).OfType<Diagnose>());
        // A Call-Disconnect-Notify is the PAC's to send (RFC 2637 §2.13): from a PNS it is malformed too.
        Single<CountMalformed>(c.OnMessage(new CallDisconnectNotify(1, CallDisconnectResult.Request, PptpErrorCode.None, 0, "")));

        var summary = c.OnTimer(ControlTimer.MalformedReport);
        Assert.Contains("5 more malformed control messages", Single<Diagnose>(summary).Message, StringComparison.Ordinal);
        Assert.Contains("CallDisconnectNotify", Single<Diagnose>(summary).Message, StringComparison.Ordinal);
        Assert.Equal(ControlTimer.MalformedReport, Single<ArmTimer>(summary).Timer);

        Assert.Empty(c.OnTimer(ControlTimer.MalformedReport)); // a quiet interval: the next one is reported at once
        Assert.Contains("7 of 100", Single<Diagnose>(c.OnMalformed(PptpError.WrongLengthForType)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wan_error_notify_from_the_client_is_taken_not_counted_as_malformed()
    {
        var c = Established();
        for (var i = 0; i < 10; i++)
        {
            var effects = c.OnMessage(new WanErrorNotify(1, 2, 3, 4, 5, 6, 7));
            Assert.Empty(effects.OfType<CountMalformed>());
            Assert.Empty(effects.OfType<Diagnose>());
            Assert.Equal(ControlTimer.Echo, Single<ArmTimer>(effects).Timer); // like any message, it shows the peer is there
            Assert.Contains("CRC errors 2", Single<DebugLog>(effects).Message, StringComparison.Ordinal);
            Assert.Contains("alignment errors 7", Single<DebugLog>(effects).Message, StringComparison.Ordinal);
        }
        Assert.Equal(ControlPhase.Established, c.Phase);
    }

    [Fact]
    public void A_framing_error_closes_at_once()
    {
        var c = Established();
        Single<StartCall>(c.OnMessage(Ocrq(1)));
        var effects = c.OnFramingError(PptpError.BadMagicCookie);
        Single<CountMalformed>(effects);
        Single<HangUpCall>(effects);
        Single<CloseConnection>(effects);
    }

    [Fact]
    public void Losing_the_link_hangs_up_every_call_without_notifying()
    {
        var ids = new CallIdAllocator();
        var c = Established(ids);
        Single<StartCall>(c.OnMessage(Ocrq(1)));
        var effects = c.OnLinkClosed();
        Single<HangUpCall>(effects);
        Assert.Empty(effects.OfType<SendControl>());
        Assert.Equal(0, ids.InUse);
    }
}
