using Akka.Actor;
using Akka.TestKit.Xunit2;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Tests.Support;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Tests.Control;

public sealed class ControlConnectionActorTests : TestKit
{
    /// <summary>Stands in for a call: throws on "crash" (and again when told to end after "crash-twice"), ends properly on HangUp.</summary>
    private sealed class FakeCall : ReceiveActor
    {
        public FakeCall(CallSetup setup)
        {
            var failAgain = false;
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "crash-twice", _ =>
            {
                failAgain = true;
                throw new InvalidOperationException("boom");
            });
            Receive<HangUp>(h => End(h.Result, h.Reason));
            Receive<EndAfterFailure>(_ =>
            {
                if (failAgain) throw new InvalidOperationException("boom again");
                End(CallDisconnectResult.GeneralError, "internal error");
            });

            void End(CallDisconnectResult result, string reason)
            {
                Context.Parent.Tell(new CallEnded(setup.CallId, result, reason));
                Context.Stop(Self);
            }
        }
    }

    private readonly CallIdAllocator _ids = new();
    private readonly Concentrator.Sessions.Telemetry.SessionMetrics _metrics = new(Prometheus.Metrics.NewCustomRegistry());

    private (IActorRef Actor, RecordingControlLink Link) Connect(ControlSettings? settings = null)
    {
        var link = new RecordingControlLink();
        var options = new ControlConnectionOptions(settings ?? new ControlSettings(), _ids, () => true, 64,
            setup => Props.Create(() => new FakeCall(setup)), new Concentrator.Sessions.DataPath.GreDemux(), _metrics);
        return (Sys.ActorOf(ControlConnectionActor.Props(link, options)), link);
    }

    private static void Send(IActorRef actor, PptpMessage message, int chunk = int.MaxValue) =>
        Send(actor, RecordingControlLink.Encode(message), chunk);

    /// <summary>Bytes as TCP might deliver them: reads of <paramref name="chunk"/> octets, wherever the messages begin.</summary>
    private static void Send(IActorRef actor, byte[] bytes, int chunk)
    {
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            var part = bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)).ToArray();
            actor.Tell(new ControlBytesReceived(part, part.Length));
        }
    }

    [Fact]
    public void Messages_split_at_any_byte_are_framed_and_answered()
    {
        var (actor, link) = Connect();
        Send(actor, ControlConnectionTests.Sccrq(), chunk: 1);
        Assert.Equal(StartControlConnectionResult.Successful, link.Next<StartControlConnectionReply>().ResultCode);
        // two messages in one chunk
        var both = RecordingControlLink.Encode(new EchoRequest(1)).Concat(RecordingControlLink.Encode(new EchoRequest(2))).ToArray();
        actor.Tell(new ControlBytesReceived(both, both.Length));
        Assert.Equal(1u, link.Next<EchoReply>().Identifier);
        Assert.Equal(2u, link.Next<EchoReply>().Identifier);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(24)] // an Echo-Request is 16 octets: each read completes one and holds the start of the next
    public void A_stream_read_in_chunks_across_message_boundaries_is_answered_in_order(int chunk)
    {
        var (actor, link) = Connect();
        Send(actor, ControlConnectionTests.Sccrq());
        link.Next<StartControlConnectionReply>();
        var stream = Enumerable.Range(1, 9).SelectMany(i => RecordingControlLink.Encode(new EchoRequest((uint)i))).ToArray();
        Send(actor, stream, chunk);
        for (uint i = 1; i <= 9; i++) Assert.Equal(i, link.Next<EchoReply>().Identifier);
    }

    [Fact]
    public void A_crashed_call_ends_alone_with_a_disconnect_notify()
    {
        var (actor, link) = Connect();
        Send(actor, ControlConnectionTests.Sccrq());
        link.Next<StartControlConnectionReply>();
        Send(actor, ControlConnectionTests.Ocrq(100));
        var first = link.Next<OutgoingCallReply>().CallId;
        Send(actor, ControlConnectionTests.Ocrq(200));
        var second = link.Next<OutgoingCallReply>().CallId;

        EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
            Sys.ActorSelection(actor.Path / $"call-{first}").Tell("crash"));
        var cdn = link.Next<CallDisconnectNotify>();
        Assert.Equal(first, cdn.CallId);
        Assert.Equal(CallDisconnectResult.GeneralError, cdn.ResultCode);
        Assert.False(link.Closed);

        // the other call is still there and ends normally
        Send(actor, new CallClearRequest(200));
        var second_cdn = link.Next<CallDisconnectNotify>();
        Assert.Equal(second, second_cdn.CallId);
        Assert.Equal(CallDisconnectResult.Request, second_cdn.ResultCode);
        Assert.Equal(0, _ids.InUse);
    }

    [Fact]
    public async Task A_call_that_fails_again_while_ending_is_stopped_and_still_notified()
    {
        var (actor, link) = Connect();
        Send(actor, ControlConnectionTests.Sccrq());
        link.Next<StartControlConnectionReply>();
        Send(actor, ControlConnectionTests.Ocrq(100));
        var callId = link.Next<OutgoingCallReply>().CallId;
        var call = await Sys.ActorSelection(actor.Path / $"call-{callId}").ResolveOne(TimeSpan.FromSeconds(3));
        Watch(call);

        await EventFilter.Exception<InvalidOperationException>().ExpectAsync(2, () =>
        {
            call.Tell("crash-twice");
            return Task.CompletedTask;
        });
        await ExpectTerminatedAsync(call);
        var cdn = link.Next<CallDisconnectNotify>();
        Assert.Equal(callId, cdn.CallId);
        Assert.Equal(CallDisconnectResult.GeneralError, cdn.ResultCode);
        Assert.Equal(0, _ids.InUse);
        Assert.False(link.Closed);
    }

    [Fact]
    public void Garbage_on_the_stream_closes_the_connection_with_a_diagnostic()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(SessionDiagnostic));
        var (actor, link) = Connect();
        Watch(actor);
        var garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        actor.Tell(new ControlBytesReceived(garbage, garbage.Length));
        Assert.Equal(DiagnosticKind.ProtocolViolation, ExpectMsg<SessionDiagnostic>().Kind);
        ExpectTerminated(actor);
        Assert.True(link.Closed);
    }

    [Fact]
    public void An_unanswered_echo_closes_the_connection()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(SessionDiagnostic));
        var (actor, link) = Connect(new ControlSettings { EchoIdle = TimeSpan.FromMilliseconds(50), EchoTimeout = TimeSpan.FromMilliseconds(50) });
        Watch(actor);
        Send(actor, ControlConnectionTests.Sccrq());
        link.Next<StartControlConnectionReply>();
        link.Next<EchoRequest>();
        Assert.Equal(DiagnosticKind.ControlEchoTimeout, ExpectMsg<SessionDiagnostic>().Kind);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Closing_the_link_stops_the_actor_after_its_calls()
    {
        var (actor, link) = Connect();
        Watch(actor);
        Send(actor, ControlConnectionTests.Sccrq());
        link.Next<StartControlConnectionReply>();
        Send(actor, ControlConnectionTests.Ocrq(1));
        link.Next<OutgoingCallReply>();
        actor.Tell(new ControlLinkClosed("peer reset"));
        ExpectTerminated(actor);
        Assert.Equal(0, _ids.InUse);
    }
}
