using Concentrator.Protocol.Ppp.Lcp;
using static Concentrator.Protocol.Ppp.Negotiation.PppActions;

namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>
/// One control protocol's negotiation (LCP, IPCP, CCP…) as pure code: the RFC 1661 §4 automaton plus packet
/// handling of RFC 1661 §5. Inputs are the lower layer and administrative events, received control packets and
/// Restart-timer time-outs; every call returns what to do, in order (<see cref="NegotiationOutput"/>).
/// Malformed or unexpected packets are silently discarded (RFC 1661 §5). Not thread-safe: one owner drives it.
/// </summary>
public sealed class NegotiationEngine
{
    private readonly PppAutomaton automaton;
    private readonly INegotiationPolicy policy;
    private readonly NegotiationSettings settings;
    private byte nextIdentifier;
    private ControlPacket? outstandingRequest;
    private IReadOnlyList<PppOption> outstandingOptions = [];
    private int naksSent;
    private List<NegotiationOutput> outputs = [];

    /// <param name="protocol">The PPP protocol of the packets (<see cref="PppProtocol.Lcp"/>, <see cref="PppProtocol.Ipcp"/>…).</param>
    public NegotiationEngine(ushort protocol, INegotiationPolicy policy, NegotiationSettings? settings = null)
    {
        this.policy = policy;
        this.settings = settings ?? NegotiationSettings.Default;
        automaton = new PppAutomaton(this.settings.MaxConfigure, this.settings.MaxTerminate);
        nextIdentifier = this.settings.FirstIdentifier;
        Protocol = protocol;
    }

    public ushort Protocol { get; }

    public PppState State => automaton.State;

    /// <summary>The first failure recorded, <see cref="NegotiationFailure.None"/> otherwise.</summary>
    public NegotiationFailure Failure { get; private set; }

    /// <summary>
    /// The peer's MRU: Code-Reject and Protocol-Reject contents are truncated to fit it (RFC 1661 §5.6, §5.7).
    /// The owner sets it from the negotiated LCP value; until then the default of RFC 1661 §6.1.
    /// </summary>
    public int PeerMru { get; set; } = LcpOptions.DefaultMru;

    /// <summary>The lower layer is up (RFC 1661 §4.3 Up).</summary>
    public IReadOnlyList<NegotiationOutput> Up() => Run(() => Fire(PppEvent.Up));

    /// <summary>The lower layer is down (RFC 1661 §4.3 Down).</summary>
    public IReadOnlyList<NegotiationOutput> Down() => Run(() =>
    {
        outstandingRequest = null;
        Fire(PppEvent.Down);
    });

    /// <summary>Administrative Open (RFC 1661 §4.3).</summary>
    public IReadOnlyList<NegotiationOutput> Open() => Run(() =>
    {
        naksSent = 0;
        Fire(PppEvent.Open);
    });

    /// <summary>Administrative Close (RFC 1661 §4.3): Terminate-Request when negotiating or opened.</summary>
    public IReadOnlyList<NegotiationOutput> Close() => Run(() => Fire(PppEvent.Close));

    /// <summary>The Restart timer fired; TO+ or TO- as the restart counter says (RFC 1661 §4.3).</summary>
    public IReadOnlyList<NegotiationOutput> Timeout() => Run(() =>
    {
        var negotiating = State is PppState.RequestSent or PppState.AckReceived or PppState.AckSent;
        var failure = negotiating && automaton.RestartCounter == 0 ? NegotiationFailure.PeerNotResponding : NegotiationFailure.None;
        Execute(automaton.Timeout(), null, null, failure);
    });

    /// <summary>LCP told us the peer Protocol-Rejected this engine's protocol: RXJ- (RFC 1661 §5.7).</summary>
    public IReadOnlyList<NegotiationOutput> ProtocolRejected() =>
        Run(() => Fire(PppEvent.ReceiveCatastrophicReject, failure: NegotiationFailure.ProtocolRejected));

    /// <summary>Decodes and handles one control packet (the PPP Information field); malformed input is discarded.</summary>
    public IReadOnlyList<NegotiationOutput> Receive(ReadOnlySpan<byte> packet) =>
        ControlPacket.TryDecode(packet, out var decoded, out _) ? Receive(decoded) : [];

    /// <summary>Handles one decoded control packet.</summary>
    public IReadOnlyList<NegotiationOutput> Receive(ControlPacket packet) => Run(() => Dispatch(packet));

    /// <summary>
    /// LCP keepalive: an Echo-Request with our magic number and <paramref name="data"/>; nothing outside the
    /// Opened state (RFC 1661 §5.8: "Echo-Request and Echo-Reply packets MUST only be sent in the LCP Opened state").
    /// </summary>
    public IReadOnlyList<NegotiationOutput> SendEchoRequest(ReadOnlySpan<byte> data)
    {
        if (Protocol != PppProtocol.Lcp || State != PppState.Opened)
        {
            return [];
        }

        var echo = new EchoPacket(ControlCode.EchoRequest, NextIdentifier(), policy.LocalMagicNumber, data.ToArray());
        return [new SendControlPacket(Protocol, echo.ToControlPacket())];
    }

    /// <summary>
    /// LCP: Protocol-Reject a received PPP frame whose protocol we do not speak (RFC 1661 §5.7). Only in the
    /// Opened state ("Protocol-Reject packets can only be sent in the LCP Opened state"); nothing for a frame
    /// that does not decode or is LCP itself.
    /// </summary>
    public IReadOnlyList<NegotiationOutput> RejectProtocol(ReadOnlySpan<byte> frame)
    {
        if (Protocol != PppProtocol.Lcp || State != PppState.Opened
            || !PppFrame.TryDecode(frame, out var protocol, out var information, out _) || protocol == PppProtocol.Lcp)
        {
            return [];
        }

        var reject = ProtocolRejectPacket.Create(NextIdentifier(), protocol, information, PeerMru);
        return [new SendControlPacket(Protocol, reject.ToControlPacket())];
    }

    private IReadOnlyList<NegotiationOutput> Run(Action step)
    {
        outputs = [];
        step();
        return outputs;
    }

    private void Dispatch(ControlPacket packet)
    {
        if (!IsKnownCode(packet.Code))
        {
            Fire(PppEvent.ReceiveUnknownCode, packet);
            return;
        }

        switch (packet.Code)
        {
            case ControlCode.ConfigureRequest:
                ReceiveConfigureRequest(packet);
                break;
            case ControlCode.ConfigureAck:
                ReceiveConfigureAck(packet);
                break;
            case ControlCode.ConfigureNak or ControlCode.ConfigureReject:
                ReceiveConfigureNakOrReject(packet);
                break;
            case ControlCode.TerminateRequest:
                Fire(
                    PppEvent.ReceiveTerminateRequest,
                    packet,
                    failure: State == PppState.Opened ? NegotiationFailure.TerminatedByPeer : NegotiationFailure.None);
                break;
            case ControlCode.TerminateAck:
                Fire(PppEvent.ReceiveTerminateAck, packet);
                break;
            case ControlCode.CodeReject:
                ReceiveCodeReject(packet);
                break;
            case ControlCode.ProtocolReject:
                ReceiveProtocolReject(packet);
                break;
            case ControlCode.EchoRequest or ControlCode.EchoReply or ControlCode.DiscardRequest:
                ReceiveEcho(packet);
                break;
            case ControlCode.ResetRequest or ControlCode.ResetAck:
                if (State == PppState.Opened)
                {
                    outputs.Add(new ResetPacketReceived(packet));
                }

                break;
            default:
                // Identification and Time-Remaining (RFC 1570 §2.1, §2.2) are informational: accepted silently.
                break;
        }
    }

    /// <summary>LCP knows codes 1–13 (RFC 1661 §5, RFC 1570 §2), CCP 1–7 and 14–15 (RFC 1962 §2), other NCPs 1–7.</summary>
    private bool IsKnownCode(ControlCode code) => code switch
    {
        >= ControlCode.ConfigureRequest and <= ControlCode.CodeReject => true,
        >= ControlCode.ProtocolReject and <= ControlCode.TimeRemaining => Protocol == PppProtocol.Lcp,
        ControlCode.ResetRequest or ControlCode.ResetAck => Protocol == PppProtocol.Ccp,
        _ => false,
    };

    private void ReceiveConfigureRequest(ControlPacket packet)
    {
        if (!PppOptionList.TryDecode(packet.Data.Span, out var options, out _))
        {
            return;
        }

        // Closed, Closing and Stopping answer every request alike (sta or nothing): no verdict needed.
        if (State is not (PppState.Stopped or PppState.RequestSent or PppState.AckReceived or PppState.AckSent or PppState.Opened))
        {
            Fire(PppEvent.ReceiveGoodConfigureRequest, packet);
            return;
        }

        var verdict = policy.ReviewRequest(options);
        if (policy.Failure != NegotiationFailure.None)
        {
            FailAndClose(policy.Failure);
            return;
        }

        if (verdict.Kind == RequestVerdictKind.Ack)
        {
            Fire(PppEvent.ReceiveGoodConfigureRequest, packet);
            return;
        }

        if (verdict.Kind == RequestVerdictKind.Nak && naksSent >= settings.MaxFailure)
        {
            // RFC 1661 §4.6 Max-Failure: further Naks are converted to Configure-Rejects.
            var rejected = options.Where(option => verdict.Options.Any(nak => nak.Type == option.Type)).ToList();
            if (rejected.Count == 0)
            {
                FailAndClose(NegotiationFailure.NotConverging);
                return;
            }

            verdict = RequestVerdict.Reject(rejected);
        }

        Fire(PppEvent.ReceiveBadConfigureRequest, packet, verdict);
    }

    private void ReceiveConfigureAck(ControlPacket packet)
    {
        // RFC 1661 §5.2: the Identifier must match our last Configure-Request and the options must match it
        // exactly; anything else (including a duplicate) is silently discarded.
        if (outstandingRequest is null || packet.Identifier != outstandingRequest.Identifier
            || !packet.Data.Span.SequenceEqual(outstandingRequest.Data.Span))
        {
            return;
        }

        outstandingRequest = null;
        Fire(PppEvent.ReceiveConfigureAck, packet);
    }

    private void ReceiveConfigureNakOrReject(ControlPacket packet)
    {
        if (outstandingRequest is null || packet.Identifier != outstandingRequest.Identifier
            || !PppOptionList.TryDecode(packet.Data.Span, out var options, out _))
        {
            return;
        }

        // RFC 1661 §5.4: a Configure-Reject lists our own options unmodified; anything else is invalid.
        if (packet.Code == ControlCode.ConfigureReject && !options.All(outstandingOptions.Contains))
        {
            return;
        }

        outstandingRequest = null;
        if (State is PppState.RequestSent or PppState.AckReceived or PppState.AckSent or PppState.Opened)
        {
            if (packet.Code == ControlCode.ConfigureNak)
            {
                policy.ApplyNak(options);
            }
            else
            {
                policy.ApplyReject(options);
            }

            if (policy.Failure != NegotiationFailure.None)
            {
                FailAndClose(policy.Failure);
                return;
            }
        }

        Fire(PppEvent.ReceiveConfigureNakOrReject, packet);
    }

    private void ReceiveCodeReject(ControlPacket packet)
    {
        if (!CodeRejectPacket.TryGetRejectedCode(packet, out var rejected, out _))
        {
            return;
        }

        // RFC 1661 §5.6: rejecting a code the automaton itself needs is catastrophic (RXJ-); Echo, Discard,
        // Identification, Time-Remaining or CCP Reset are optional (RXJ+).
        var catastrophic = rejected is >= ControlCode.ConfigureRequest and <= ControlCode.CodeReject
            || (rejected == ControlCode.ProtocolReject && Protocol == PppProtocol.Lcp);
        if (catastrophic)
        {
            Fire(PppEvent.ReceiveCatastrophicReject, packet, failure: NegotiationFailure.CodeRejected);
        }
        else
        {
            Fire(PppEvent.ReceivePermittedReject, packet);
        }
    }

    private void ReceiveProtocolReject(ControlPacket packet)
    {
        if (!ProtocolRejectPacket.TryDecode(packet, out var reject, out _))
        {
            return;
        }

        if (reject.RejectedProtocol == PppProtocol.Lcp)
        {
            Fire(PppEvent.ReceiveCatastrophicReject, packet, failure: NegotiationFailure.ProtocolRejected);
        }
        else if (Fire(PppEvent.ReceivePermittedReject, packet).IsLegal)
        {
            outputs.Add(new PeerRejectedProtocol(reject.RejectedProtocol));
        }
    }

    private void ReceiveEcho(ControlPacket packet)
    {
        if (!EchoPacket.TryDecode(packet, out var echo, out _))
        {
            return;
        }

        Fire(PppEvent.ReceiveEchoOrDiscard, packet);
        if (echo.Code == ControlCode.EchoReply && State == PppState.Opened)
        {
            outputs.Add(new EchoReplyReceived(echo));
        }
    }

    private void FailAndClose(NegotiationFailure reason)
    {
        RecordFailure(reason);
        Fire(PppEvent.Close);
    }

    private void RecordFailure(NegotiationFailure reason)
    {
        if (reason != NegotiationFailure.None && Failure == NegotiationFailure.None)
        {
            Failure = reason;
            outputs.Add(new NegotiationFailed(reason));
        }
    }

    private PppTransition Fire(
        PppEvent @event,
        ControlPacket? received = null,
        RequestVerdict? verdict = null,
        NegotiationFailure failure = NegotiationFailure.None)
    {
        var transition = automaton.Fire(@event);
        Execute(transition, received, verdict, failure);
        return transition;
    }

    /// <summary>Carries out a transition's actions (RFC 1661 §4.4) in a fixed order: tld, tls, packets, timer, tlu, tlf.</summary>
    private void Execute(PppTransition transition, ControlPacket? received, RequestVerdict? verdict, NegotiationFailure failure)
    {
        if (!transition.IsLegal)
        {
            return;
        }

        RecordFailure(failure);
        if (transition.Has(ThisLayerDown))
        {
            outputs.Add(new LayerDown());
        }

        if (transition.Has(ThisLayerStarted))
        {
            outputs.Add(new LayerStarted());
        }

        if (transition.Has(SendConfigureRequest))
        {
            outstandingOptions = policy.BuildRequest();
            outstandingRequest = new ControlPacket(ControlCode.ConfigureRequest, NextIdentifier(), PppOptionList.ToArray(outstandingOptions));
            Send(outstandingRequest);
        }

        if (transition.Has(SendConfigureAck) && received is not null)
        {
            // RFC 1661 §5.2: the Ack repeats the request's Identifier and options exactly.
            naksSent = 0;
            Send(new ControlPacket(ControlCode.ConfigureAck, received.Identifier, received.Data));
        }

        if (transition.Has(SendConfigureNakOrReject) && received is not null && verdict is not null)
        {
            var code = verdict.Kind == RequestVerdictKind.Nak ? ControlCode.ConfigureNak : ControlCode.ConfigureReject;
            if (code == ControlCode.ConfigureNak)
            {
                naksSent++;
            }

            Send(new ConfigurePacket(code, received.Identifier, verdict.Options).ToControlPacket());
        }

        if (transition.Has(SendTerminateRequest))
        {
            Send(new ControlPacket(ControlCode.TerminateRequest, NextIdentifier(), ReadOnlyMemory<byte>.Empty));
        }

        if (transition.Has(SendTerminateAck))
        {
            Send(new ControlPacket(ControlCode.TerminateAck, received?.Identifier ?? NextIdentifier(), ReadOnlyMemory<byte>.Empty));
        }

        if (transition.Has(SendCodeReject) && received is not null)
        {
            Send(CodeRejectPacket.Create(NextIdentifier(), received.ToArray(), PeerMru));
        }

        // RFC 1661 §5.8: only an Echo-Request is answered, with our magic number and its data.
        if (transition.Has(SendEchoReply) && received is not null && received.Code == ControlCode.EchoRequest
            && EchoPacket.TryDecode(received, out var request, out _))
        {
            Send((request with { Code = ControlCode.EchoReply, MagicNumber = policy.LocalMagicNumber }).ToControlPacket());
        }

        if (transition.Timer == RestartTimerCommand.Start)
        {
            outputs.Add(new StartRestartTimer(settings.RestartTimeout));
        }
        else if (transition.Timer == RestartTimerCommand.Stop)
        {
            outputs.Add(new StopRestartTimer());
        }

        if (transition.Has(ThisLayerUp))
        {
            outputs.Add(new LayerUp());
        }

        if (transition.Has(ThisLayerFinished))
        {
            outputs.Add(new LayerFinished(Failure));
        }
    }

    private void Send(ControlPacket packet) => outputs.Add(new SendControlPacket(Protocol, packet));

    private byte NextIdentifier() => nextIdentifier++;
}
