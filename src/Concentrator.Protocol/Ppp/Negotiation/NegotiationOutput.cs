namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>Something the owner of a <see cref="NegotiationEngine"/> has to do or know, in order.</summary>
public abstract record NegotiationOutput;

/// <summary>Send this control packet with PPP protocol <paramref name="Protocol"/>.</summary>
public sealed record SendControlPacket(ushort Protocol, ControlPacket Packet) : NegotiationOutput
{
    /// <summary>The PPP frame for GRE: header (see <see cref="PppFrame.WriteHeader"/>) then the packet.</summary>
    public byte[] ToFrame(bool addressControl, bool compressProtocol)
    {
        var header = PppFrame.HeaderLength(Protocol, addressControl, compressProtocol);
        var frame = new byte[header + Packet.Length];
        PppFrame.WriteHeader(frame, Protocol, addressControl, compressProtocol);
        Packet.WriteTo(frame.AsSpan(header));
        return frame;
    }
}

/// <summary>(Re)start the Restart timer; call <see cref="NegotiationEngine.Timeout"/> when it fires.</summary>
public sealed record StartRestartTimer(TimeSpan Timeout) : NegotiationOutput;

/// <summary>Stop the Restart timer; a late time-out is harmless (it is ignored in states without a timer).</summary>
public sealed record StopRestartTimer : NegotiationOutput;

/// <summary>This-Layer-Up (RFC 1661 §4.4): the layer is Opened; for LCP the authentication phase may start.</summary>
public sealed record LayerUp : NegotiationOutput;

/// <summary>This-Layer-Down: the layer leaves Opened.</summary>
public sealed record LayerDown : NegotiationOutput;

/// <summary>This-Layer-Started: the lower layer is needed (for an NCP: LCP should be up).</summary>
public sealed record LayerStarted : NegotiationOutput;

/// <summary>This-Layer-Finished: the layer is done; <paramref name="Reason"/> is the recorded failure, if any.</summary>
public sealed record LayerFinished(NegotiationFailure Reason) : NegotiationOutput;

/// <summary>Emitted once, when the engine first records why negotiation failed (before the layer has finished).</summary>
public sealed record NegotiationFailed(NegotiationFailure Reason) : NegotiationOutput;

/// <summary>LCP: the peer Protocol-Rejected another protocol; stop sending it (RFC 1661 §5.7).</summary>
public sealed record PeerRejectedProtocol(ushort Protocol) : NegotiationOutput;

/// <summary>LCP: an Echo-Reply arrived in the Opened state (keepalive answer).</summary>
public sealed record EchoReplyReceived(EchoPacket Reply) : NegotiationOutput;

/// <summary>CCP: a Reset-Request or Reset-Ack arrived in the Opened state (RFC 1962 §2.1), for the MPPE state.</summary>
public sealed record ResetPacketReceived(ControlPacket Packet) : NegotiationOutput;
