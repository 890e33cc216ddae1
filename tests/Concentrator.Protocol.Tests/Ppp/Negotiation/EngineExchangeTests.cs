using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Negotiation;

/// <summary>
/// Two engines talking LCP to each other through a lossy "wire": our server policy against a Windows-like client
/// policy. Time is simulated: when nothing is in flight, the engine whose Restart timer runs gets its time-out.
/// </summary>
public class EngineExchangeTests
{
    private readonly LcpPolicy serverPolicy = new(LcpSettings.Default, 0x11223344, () => 0x55667788);

    // Windows-like: MRU 1400, Magic, PFC, ACFC, Callback CBCP; accepts being authenticated with MS-CHAPv2.
    private readonly ScriptedPolicy clientPolicy = new(
        LcpOptions.Mru(1400),
        LcpOptions.MagicNumber(0x5A3C1F0E),
        LcpOptions.ProtocolFieldCompression(),
        LcpOptions.AddressControlFieldCompression(),
        LcpOptions.Callback(CallbackOperation.CallbackControlProtocol, []))
    {
        Review = options => options.All(option => option.Type != 3 || option.Equals(LcpOptions.MsChapV2))
            ? RequestVerdict.Ack
            : RequestVerdict.Reject([.. options.Where(option => option.Type == 3)]),
        LocalMagicNumber = 0x5A3C1F0E,
    };

    [Fact]
    public void Both_sides_reach_opened()
    {
        var wire = new Wire(serverPolicy, clientPolicy, server: 100);

        wire.Run();

        Assert.Equal(PppState.Opened, wire.Server.State);
        Assert.Equal(PppState.Opened, wire.Client.State);
        Assert.Equal(0, wire.Timeouts);
        Assert.Equal(1400, serverPolicy.PeerMru);
        Assert.Equal(0x5A3C1F0Eu, serverPolicy.PeerMagicNumber);
        Assert.True(serverPolicy.PeerAcceptsCompressedProtocol);
        Assert.True(serverPolicy.PeerAcceptsCompressedAddressControl);
        Assert.Equal([[LcpOptions.Callback(CallbackOperation.CallbackControlProtocol, [])]], clientPolicy.Rejects);
        Assert.Equal(1, wire.LayerUps[wire.Server]);
        Assert.Equal(1, wire.LayerUps[wire.Client]);
        Assert.False(wire.TimerRunning[wire.Server]);
        Assert.False(wire.TimerRunning[wire.Client]);
    }

    [Fact]
    public void A_lost_configure_request_is_retransmitted_after_the_timeout()
    {
        var wire = new Wire(serverPolicy, clientPolicy, server: 0);
        wire.Drop = (from, packet, count) => from == wire.Server && packet.Code == ControlCode.ConfigureRequest && count == 0;

        wire.Run();

        Assert.Equal(PppState.Opened, wire.Server.State);
        Assert.Equal(PppState.Opened, wire.Client.State);
        Assert.Equal(1, wire.Timeouts);
        Assert.Equal(2, wire.Sent(wire.Server, ControlCode.ConfigureRequest));
    }

    [Fact]
    public void A_lost_configure_ack_is_recovered_too()
    {
        var wire = new Wire(serverPolicy, clientPolicy, server: 0);
        wire.Drop = (from, packet, count) => from == wire.Client && packet.Code == ControlCode.ConfigureAck && count == 0;

        wire.Run();

        Assert.Equal(PppState.Opened, wire.Server.State);
        Assert.Equal(PppState.Opened, wire.Client.State);
        Assert.True(wire.Timeouts >= 1);
    }

    [Fact]
    public void A_peer_that_never_answers_is_given_up_after_max_configure()
    {
        // Nothing gets through in either direction: the peer is silent.
        var wire = new Wire(serverPolicy, clientPolicy, server: 0);
        wire.Drop = (_, _, _) => true;

        wire.Run();

        Assert.Equal(10, wire.Sent(wire.Server, ControlCode.ConfigureRequest));
        Assert.Equal(PppState.Stopped, wire.Server.State);
        Assert.Equal(NegotiationFailure.PeerNotResponding, wire.Server.Failure);
        Assert.Contains(new LayerFinished(NegotiationFailure.PeerNotResponding), wire.Log[wire.Server]);
        Assert.Equal(
            Enumerable.Range(1, 10).Select(id => (byte)id),
            wire.Packets[wire.Server].Where(p => p.Code == ControlCode.ConfigureRequest).Select(p => p.Identifier));
    }

    [Fact]
    public void A_client_that_only_speaks_pap_fails_with_a_distinct_reason()
    {
        var papClient = new ScriptedPolicy(LcpOptions.Mru(1400))
        {
            Review = options => options.Any(o => o.Type == 3)
                ? RequestVerdict.Nak([LcpOptions.AuthenticationProtocol(PppProtocol.Pap, [])])
                : RequestVerdict.Ack,
        };
        var wire = new Wire(serverPolicy, papClient, server: 0);

        wire.Run();

        Assert.Equal(NegotiationFailure.PeerRefusesMsChapV2, wire.Server.Failure);
        Assert.Contains(new LayerFinished(NegotiationFailure.PeerRefusesMsChapV2), wire.Log[wire.Server]);
        Assert.Equal(PppState.Closed, wire.Server.State);
        Assert.Equal(1, wire.Sent(wire.Server, ControlCode.TerminateRequest));
    }

    /// <summary>Connects two engines; packets go through <see cref="Drop"/> which may lose them.</summary>
    private sealed class Wire
    {
        private readonly Queue<(NegotiationEngine To, ControlPacket Packet)> inFlight = new();

        public Wire(INegotiationPolicy serverPolicy, INegotiationPolicy clientPolicy, byte server)
        {
            Server = new NegotiationEngine(PppProtocol.Lcp, serverPolicy, new NegotiationSettings { FirstIdentifier = (byte)(server + 1) });
            Client = new NegotiationEngine(PppProtocol.Lcp, clientPolicy);
            foreach (var engine in new[] { Server, Client })
            {
                Log[engine] = [];
                Packets[engine] = [];
                LayerUps[engine] = 0;
                TimerRunning[engine] = false;
            }
        }

        public NegotiationEngine Server { get; }

        public NegotiationEngine Client { get; }

        public Func<NegotiationEngine, ControlPacket, int, bool> Drop { get; set; } = (_, _, _) => false;

        public int Timeouts { get; private set; }

        public Dictionary<NegotiationEngine, List<NegotiationOutput>> Log { get; } = [];

        public Dictionary<NegotiationEngine, List<ControlPacket>> Packets { get; } = [];

        public Dictionary<NegotiationEngine, int> LayerUps { get; } = [];

        public Dictionary<NegotiationEngine, bool> TimerRunning { get; } = [];

        public int Sent(NegotiationEngine from, ControlCode code) => Packets[from].Count(p => p.Code == code);

        public void Run()
        {
            Handle(Server, Server.Open());
            Handle(Client, Client.Open());
            Handle(Server, Server.Up());
            Handle(Client, Client.Up());
            for (var step = 0; step < 200; step++)
            {
                if (inFlight.TryDequeue(out var next))
                {
                    Handle(next.To, next.To.Receive(next.Packet.ToArray()));
                    continue;
                }

                // Nothing in flight: time passes until a running Restart timer fires.
                var timed = new[] { Server, Client }.FirstOrDefault(engine => TimerRunning[engine]);
                if (timed is null)
                {
                    return;
                }

                Timeouts++;
                TimerRunning[timed] = false;
                Handle(timed, timed.Timeout());
            }
        }

        private void Handle(NegotiationEngine from, IReadOnlyList<NegotiationOutput> outputs)
        {
            var to = from == Server ? Client : Server;
            foreach (var output in outputs)
            {
                Log[from].Add(output);
                switch (output)
                {
                    case SendControlPacket send:
                        var count = Sent(from, send.Packet.Code);
                        Packets[from].Add(send.Packet);
                        if (!Drop(from, send.Packet, count))
                        {
                            inFlight.Enqueue((to, send.Packet));
                        }

                        break;
                    case StartRestartTimer:
                        TimerRunning[from] = true;
                        break;
                    case StopRestartTimer:
                        TimerRunning[from] = false;
                        break;
                    case LayerUp:
                        LayerUps[from]++;
                        break;
                }
            }
        }
    }
}
