namespace Concentrator.Protocol.Pptp;

/// <summary>
/// A PPTP control message (RFC 2637 §2). Each of the fifteen message types has a fixed length;
/// reserved fields are not modelled: they are written as 0 and ignored on receipt.
/// </summary>
public abstract record PptpMessage
{
    private protected PptpMessage()
    {
    }

    /// <summary>The Control Message Type of this message.</summary>
    public abstract ControlMessageType MessageType { get; }

    /// <summary>Encoded length in bytes, header included (the value of the Length field).</summary>
    public int Length => PptpHeader.LengthOf(MessageType);

    /// <summary>Encodes the message into <paramref name="destination"/> and returns <see cref="Length"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"{MessageType} needs {length} bytes, destination has {destination.Length}.", nameof(destination));
        }

        Span<byte> message = destination[..length];
        message.Clear();
        PptpHeader.Write(message, MessageType);
        WriteBody(message[PptpHeader.Size..]);
        return length;
    }

    /// <summary>Writes the fields after the header into a zeroed span of exactly the body size.</summary>
    private protected abstract void WriteBody(Span<byte> body);
}
