using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Ppp;

/// <summary>Where a client PPP session stands (RFC 1661 §3.2 phases, as the client sees them).</summary>
internal enum PppSessionState
{
    /// <summary>Link Establishment: LCP negotiating.</summary>
    Lcp,
    /// <summary>LCP Opened, waiting for or answering the MS-CHAPv2 Challenge.</summary>
    Authentication,
    /// <summary>Authenticated: CCP and IPCP negotiating.</summary>
    Network,
    /// <summary>All layers Opened.</summary>
    Up,
    /// <summary>Our LCP Terminate-Request is out.</summary>
    Closing,
    /// <summary>Setup failed or the link went down; waiting for the owner to close it.</summary>
    Failed,
    /// <summary>Closed, or the lower layer (the call) is gone.</summary>
    Down,
}

/// <summary>
/// The client's PPP control plane for one call, as pure state (time is an input, randomness comes in):
/// LCP (<see cref="ClientLcpPolicy"/>), then MS-CHAPv2 as the peer (<see cref="MsChapV2Peer"/>), then
/// CCP (<see cref="ClientCcpPolicy"/>) and IPCP (<see cref="ClientIpcpPolicy"/>) together, as Windows
/// does. Frames to send and what happened go to the <see cref="IPppSessionHost"/>. Restart timers are
/// deadlines the owner polls through <see cref="NextDeadline"/> and <see cref="OnTimer"/>. Not
/// thread-safe: the owning call serialises every call.
/// </summary>
internal sealed class PppClientSession
{
    private readonly IPppSessionHost _host;
    private readonly PppSessionSettings _settings;
    private readonly long _ticksPerSecond;
    private readonly ClientLcpPolicy _lcpPolicy;
    private readonly NegotiationEngine _lcp;
    private readonly MsChapV2Peer _chap;
    private ClientCcpPolicy? _ccpPolicy;
    private NegotiationEngine? _ccp;
    private ClientIpcpPolicy? _ipcpPolicy;
    private NegotiationEngine? _ipcp;
    private Protocol.Mppe.MppeMasterKeys? _keys;
    private long _lcpDeadline = long.MaxValue;
    private long _ccpDeadline = long.MaxValue;
    private long _ipcpDeadline = long.MaxValue;
    private bool _ccpUp;
    private bool _ipcpUp;
    private byte _resetIdentifier;

    /// <param name="ticksPerSecond">Resolution of the times passed in.</param>
    public PppClientSession(IPppSessionHost host, PppSessionSettings settings, long ticksPerSecond)
    {
        _host = host;
        _settings = settings;
        _ticksPerSecond = ticksPerSecond;
        uint NewMagicNumber() => LcpOptionPolicy.RandomMagicNumber(settings.Random);
        _lcpPolicy = new ClientLcpPolicy(settings.Lcp, NewMagicNumber(), NewMagicNumber);
        _lcp = new NegotiationEngine(PppProtocol.Lcp, _lcpPolicy, settings.Negotiation);
        _chap = new MsChapV2Peer(settings.UserName, settings.Passwords, settings.Random);
    }

    public PppSessionState State { get; private set; }

    /// <summary>The setup step the session is in (for a failure report).</summary>
    public SetupPhase Phase => State switch
    {
        PppSessionState.Lcp => SetupPhase.Lcp,
        PppSessionState.Authentication => SetupPhase.Authentication,
        PppSessionState.Network => _ccpUp ? SetupPhase.Network : SetupPhase.Encryption,
        _ => SetupPhase.Connected,
    };

    /// <summary>
    /// What it means when the server ends the call now: while a client that refuses encryption waits in the
    /// encryption step, the server refusing it (<see cref="ConnectOutcome.EncryptionRefused"/>); else a plain disconnect.
    /// </summary>
    public ConnectOutcome ServerEndedOutcome =>
        _settings.Encryption != ClientEncryption.Mppe && State == PppSessionState.Network ? ConnectOutcome.EncryptionRefused : ConnectOutcome.Disconnected;

    /// <summary>The earliest time <see cref="OnTimer"/> has work (a Restart timer); <see cref="long.MaxValue"/> when none runs.</summary>
    public long NextDeadline => Math.Min(_lcpDeadline, Math.Min(_ccpDeadline, _ipcpDeadline));

    /// <summary>The call is up: LCP starts (RFC 1661 §3.2 Link Establishment).</summary>
    public void Start(long now)
    {
        Apply(_lcp, _lcp.Open(), now);
        Apply(_lcp, _lcp.Up(), now);
    }

    /// <summary>One PPP frame from the server that is not IP data.</summary>
    /// <param name="protocol">Its PPP protocol.</param>
    /// <param name="information">The Information field (the control packet).</param>
    /// <param name="frame">The whole frame, for a Protocol-Reject.</param>
    public void OnFrame(ushort protocol, ReadOnlySpan<byte> information, ReadOnlySpan<byte> frame, long now)
    {
        if (State == PppSessionState.Down) return;
        switch (protocol)
        {
            case PppProtocol.Lcp:
                var terminate = IsTerminateRequest(information);
                Apply(_lcp, _lcp.Receive(information), now);
                if (terminate && State is PppSessionState.Lcp or PppSessionState.Authentication or PppSessionState.Network)
                {
                    // Before the link is up the engine records no failure for this (RFC 1661 §4.1 RTR outside Opened).
                    Fail(ServerEndedOutcome, "the server terminated the link (LCP Terminate-Request)");
                }
                break;
            case PppProtocol.Chap when State == PppSessionState.Authentication:
                OnChap(information, now);
                break;
            case PppProtocol.Ccp when _ccp is not null:
                var refused = IsTerminateRequest(information) && !_ccpUp;
                Apply(_ccp, _ccp.Receive(information), now);
                if (refused) Fail(ConnectOutcome.EncryptionRefused, "the server terminated CCP before it opened: no agreed MPPE variant");
                break;
            case PppProtocol.Ipcp when _ipcp is not null:
                Apply(_ipcp, _ipcp.Receive(information), now);
                break;
            case PppProtocol.Ccp when _settings.Encryption == ClientEncryption.RejectCcp:
                // Fault injection: we "do not speak" CCP (RFC 1661 §5.7 Protocol-Reject, only once LCP is Opened).
                Apply(_lcp, _lcp.RejectProtocol(frame), now);
                break;
            case PppProtocol.Chap or PppProtocol.Ccp or PppProtocol.Ipcp:
                // RFC 1661 §3.2: packets of a phase we are not in are silently discarded (the server retransmits).
                break;
            default:
                // A protocol we do not speak: Protocol-Reject (RFC 1661 §5.7), only once LCP is Opened.
                Apply(_lcp, _lcp.RejectProtocol(frame), now);
                break;
        }
    }

    /// <summary>Restart timers that are due fire (RFC 1661 §4.6).</summary>
    public void OnTimer(long now)
    {
        if (_lcpDeadline <= now)
        {
            _lcpDeadline = long.MaxValue;
            Apply(_lcp, _lcp.Timeout(), now);
        }

        if (_ccp is not null && _ccpDeadline <= now)
        {
            _ccpDeadline = long.MaxValue;
            Apply(_ccp, _ccp.Timeout(), now);
        }

        if (_ipcp is not null && _ipcpDeadline <= now)
        {
            _ipcpDeadline = long.MaxValue;
            Apply(_ipcp, _ipcp.Timeout(), now);
        }
    }

    /// <summary>Administrative Close: LCP Terminate-Request (RFC 1661 §5.5); <see cref="IPppSessionHost.OnLinkClosed"/> follows.</summary>
    public void Close(long now)
    {
        if (State is PppSessionState.Closing or PppSessionState.Down) return;
        State = PppSessionState.Closing;
        Apply(_lcp, _lcp.Close(), now);
        if (_lcp.State is not PppState.Closing)
        {
            // Nothing was negotiating or open (Initial, Starting, Closed, Stopped): closed at once.
            State = PppSessionState.Down;
            _host.OnLinkClosed();
        }
    }

    /// <summary>The call is gone (Call-Disconnect-Notify, control connection lost): every layer goes Down, nothing more is sent.</summary>
    public void LowerLayerDown()
    {
        State = PppSessionState.Down;
        _lcpDeadline = _ccpDeadline = _ipcpDeadline = long.MaxValue;
    }

    /// <summary>Stateful MPPE lost its place (RFC 3078 §8.2): ask the server to flush with a CCP Reset-Request.</summary>
    public void SendResetRequest()
    {
        if (_ccp?.State != PppState.Opened) return;
        SendControl(PppProtocol.Ccp, new ControlPacket(ControlCode.ResetRequest, ++_resetIdentifier, ReadOnlyMemory<byte>.Empty));
    }

    private void OnChap(ReadOnlySpan<byte> information, long now)
    {
        var step = _chap.OnPacket(information);
        if (step.Response is not null) SendFrame(PppProtocol.Chap, step.Response);
        switch (step.Status)
        {
            case MsChapV2PeerStatus.Succeeded:
                _keys = step.Keys;
                StartNetwork(now);
                break;
            case MsChapV2PeerStatus.Failed:
                Fail(ConnectOutcome.AuthFailed, step.Failure!.Message, step.Failure);
                break;
        }
    }

    /// <summary>
    /// RFC 1661 §3.2 Network-Layer Protocol phase: CCP and IPCP at the same time, so neither waits for the
    /// other. A client that refuses encryption (fault injection) runs no IPCP: it stays in the encryption
    /// step until the server ends the call, which is the refusal the test wants to see.
    /// </summary>
    private void StartNetwork(long now)
    {
        State = PppSessionState.Network;
        if (_settings.Encryption == ClientEncryption.RejectCcp) return;
        _ccpPolicy = new ClientCcpPolicy(_settings.MppeOffer, refuse: _settings.Encryption == ClientEncryption.RejectMppe);
        _ccp = new NegotiationEngine(PppProtocol.Ccp, _ccpPolicy, _settings.Negotiation) { PeerMru = _lcpPolicy.PeerMru };
        Apply(_ccp, _ccp.Open(), now);
        Apply(_ccp, _ccp.Up(), now);
        if (_settings.Encryption != ClientEncryption.Mppe) return;
        _ipcpPolicy = new ClientIpcpPolicy(_settings.Ipcp);
        _ipcp = new NegotiationEngine(PppProtocol.Ipcp, _ipcpPolicy, _settings.Negotiation) { PeerMru = _lcpPolicy.PeerMru };
        Apply(_ipcp, _ipcp.Open(), now);
        Apply(_ipcp, _ipcp.Up(), now);
    }

    private void Apply(NegotiationEngine engine, IReadOnlyList<NegotiationOutput> outputs, long now)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case SendControlPacket send:
                    SendControl(send.Protocol, send.Packet);
                    break;
                case StartRestartTimer start:
                    SetDeadline(engine, now + (long)(start.Timeout.TotalSeconds * _ticksPerSecond));
                    break;
                case StopRestartTimer:
                    SetDeadline(engine, long.MaxValue);
                    break;
                case LayerUp:
                    OnLayerUp(engine);
                    break;
                case LayerDown when State == PppSessionState.Up:
                    GoDown($"the server took {Name(engine)} down");
                    break;
                case LayerFinished when engine == _lcp && State == PppSessionState.Closing:
                    State = PppSessionState.Down;
                    _host.OnLinkClosed();
                    break;
                case NegotiationFailed failed:
                    OnNegotiationFailed(engine, failed.Reason);
                    break;
                case PeerRejectedProtocol { Protocol: PppProtocol.Ccp }:
                    Fail(ConnectOutcome.EncryptionRefused, "the server Protocol-Rejected CCP");
                    break;
                case PeerRejectedProtocol rejected:
                    Fail(ConnectOutcome.ProtocolError, $"the server Protocol-Rejected 0x{rejected.Protocol:X4}");
                    break;
                case ResetPacketReceived { Packet.Code: ControlCode.ResetRequest } reset:
                    // RFC 3078 §8.2 / RFC 1962 §2.1: flush our sending state, acknowledge with the same Identifier.
                    _host.OnResetRequest();
                    SendControl(PppProtocol.Ccp, new ControlPacket(ControlCode.ResetAck, reset.Packet.Identifier, ReadOnlyMemory<byte>.Empty));
                    break;
            }
        }
    }

    private void OnLayerUp(NegotiationEngine engine)
    {
        if (engine == _lcp)
        {
            _lcp.PeerMru = _lcpPolicy.PeerMru;
            if (State != PppSessionState.Lcp) return;
            if (_lcpPolicy.Authentication is not { } auth)
            {
                Fail(ConnectOutcome.ProtocolError, "the server did not ask for authentication: without MS-CHAPv2 there are no MPPE keys");
            }
            else if (!auth.IsMsChapV2)
            {
                Fail(ConnectOutcome.ProtocolError, $"the server agreed to authentication protocol 0x{auth.Protocol:X4}, which this client does not speak");
            }
            else
            {
                State = PppSessionState.Authentication;
            }

            return;
        }

        if (engine == _ccp) _ccpUp = true;
        else _ipcpUp = true;
        if (State != PppSessionState.Network || !_ipcpUp || !_ccpUp || _ccpPolicy!.Negotiated is not { } mode) return;
        if (_ipcpPolicy!.LocalAddress.Equals(System.Net.IPAddress.Any))
        {
            Fail(ConnectOutcome.ProtocolError, "IPCP opened without giving us an address");
            return;
        }

        State = PppSessionState.Up;
        var network = new IpcpResult(
            _ipcpPolicy.LocalAddress,
            _ipcpPolicy.PeerAddress,
            _ipcpPolicy.NameServer(IpcpOptionType.PrimaryDns),
            _ipcpPolicy.NameServer(IpcpOptionType.SecondaryDns),
            _ipcpPolicy.NameServer(IpcpOptionType.PrimaryNbns),
            _ipcpPolicy.NameServer(IpcpOptionType.SecondaryNbns));
        _host.OnUp(new SessionUp(
            network,
            _keys!,
            new MppeMode(mode.KeyLength, mode.Stateless),
            _lcpPolicy.PeerMru,
            _lcpPolicy.PeerAcceptsCompressedAddressControl,
            _lcpPolicy.PeerAcceptsCompressedProtocol));
    }

    private void OnNegotiationFailed(NegotiationEngine engine, NegotiationFailure reason)
    {
        var layer = Name(engine);
        if (reason == NegotiationFailure.TerminatedByPeer && State == PppSessionState.Up)
        {
            GoDown($"the server terminated {layer} (Terminate-Request)");
            return;
        }

        var (outcome, detail) = (reason, engine == _ccp) switch
        {
            (NegotiationFailure.PeerNotResponding, _) => (ConnectOutcome.Timeout, engine == _lcp
                ? "the server never answered LCP: GRE (IP protocol 47) is probably blocked on the path"
                : $"the server stopped answering {layer}"),
            (NegotiationFailure.EncryptionRefused or NegotiationFailure.ProtocolRejected or NegotiationFailure.TerminatedByPeer, true) =>
                (ConnectOutcome.EncryptionRefused, "no MPPE variant agreed with the server"),
            (NegotiationFailure.TerminatedByPeer, false) => (ServerEndedOutcome, $"the server terminated {layer}"),
            (NegotiationFailure.LocalAddressRefused, _) => (ConnectOutcome.ProtocolError, "the server rejected IP-Address: it gives us no address"),
            _ => (ConnectOutcome.ProtocolError, $"{layer} failed: {reason}"),
        };
        Fail(outcome, detail);
    }

    private void Fail(ConnectOutcome outcome, string detail, AuthFailure? authFailure = null)
    {
        if (State is not (PppSessionState.Lcp or PppSessionState.Authentication or PppSessionState.Network)) return;
        var phase = Phase;
        State = PppSessionState.Failed;
        _host.OnSetupFailed(outcome, phase, detail, authFailure);
    }

    private void GoDown(string detail)
    {
        State = PppSessionState.Failed;
        _host.OnLinkDown(detail);
    }

    private void SetDeadline(NegotiationEngine engine, long deadline)
    {
        if (engine == _lcp) _lcpDeadline = deadline;
        else if (engine == _ccp) _ccpDeadline = deadline;
        else _ipcpDeadline = deadline;
    }

    private void SendControl(ushort protocol, ControlPacket packet) => SendFrame(protocol, packet.ToArray());

    private void SendFrame(ushort protocol, ReadOnlySpan<byte> packet) => _host.SendFrame(PppFrame.ControlFrame(protocol, packet));

    private static bool IsTerminateRequest(ReadOnlySpan<byte> information) =>
        information.Length >= ControlPacket.HeaderLength && information[0] == (byte)ControlCode.TerminateRequest;

    private string Name(NegotiationEngine engine) => engine == _lcp ? "LCP" : engine == _ccp ? "CCP" : "IPCP";
}
