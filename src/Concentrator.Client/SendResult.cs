namespace Concentrator.Client;

/// <summary>What <see cref="PptpCall.SendIpPacket"/> did with a packet.</summary>
public enum SendResult
{
    /// <summary>Encrypted and handed to the GRE transport (which may still lose it: GRE is unreliable).</summary>
    Sent = 0,

    /// <summary>The call is not connected (yet, or any more).</summary>
    NotConnected,

    /// <summary>The server's receive window is full (RFC 2637 §4.2): too many packets unacknowledged.</summary>
    WindowFull,

    /// <summary>The packet does not fit the server's MRU (RFC 1661 §6.1) once framed.</summary>
    TooBig,
}
