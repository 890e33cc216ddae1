namespace Concentrator.Protocol.Gre;

/// <summary>
/// A decoded enhanced GRE header (RFC 2637 §4.1) and a view of its payload; valid only as long as
/// the buffer it was decoded from.
/// </summary>
public readonly ref struct GrePacket
{
    internal GrePacket(ushort callId, bool hasSequence, uint sequence, bool hasAck, uint ack, int headerLength, ReadOnlySpan<byte> payload)
    {
        CallId = callId;
        HasSequence = hasSequence;
        Sequence = sequence;
        HasAck = hasAck;
        Ack = ack;
        HeaderLength = headerLength;
        Payload = payload;
    }

    /// <summary>Key (LW) Call ID: the call ID the receiver (this side) assigned to the session.</summary>
    public ushort CallId { get; }

    /// <summary>Key (HW) Payload Length: size of the payload, header excluded.</summary>
    public ushort PayloadLength => (ushort)Payload.Length;

    /// <summary>S flag: a Sequence Number is present (a data packet).</summary>
    public bool HasSequence { get; }

    /// <summary>Sequence Number; 0 when <see cref="HasSequence"/> is false.</summary>
    public uint Sequence { get; }

    /// <summary>A flag: an Acknowledgment Number is present.</summary>
    public bool HasAck { get; }

    /// <summary>Acknowledgment Number; 0 when <see cref="HasAck"/> is false.</summary>
    public uint Ack { get; }

    /// <summary>GRE header length in bytes: 8, 12 or 16.</summary>
    public int HeaderLength { get; }

    /// <summary>The PPP payload: exactly Payload Length bytes following the header.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
