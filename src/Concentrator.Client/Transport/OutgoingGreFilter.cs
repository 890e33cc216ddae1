namespace Concentrator.Client.Transport;

/// <summary>What to do with one outgoing GRE packet (fault injection).</summary>
public enum GreFault
{
    /// <summary>Send it.</summary>
    Send = 0,

    /// <summary>Lose it.</summary>
    Drop,

    /// <summary>Send it twice.</summary>
    Duplicate,

    /// <summary>Hold it and send it right after the next packet that goes out: the two arrive swapped.</summary>
    Delay,
}

/// <summary>
/// Decides the fate of each GRE packet a call sends (header and payload; decode it with
/// <see cref="Protocol.Gre.GreHeader.TryDecode"/>). Called with the call's state held: decide, do not block.
/// </summary>
public delegate GreFault OutgoingGreFilter(ReadOnlySpan<byte> grePacket);
