namespace Concentrator.Protocol.Pptp;

/// <summary>
/// Cuts PPTP control messages out of the TCP byte stream of a control connection (RFC 2637 §1.4:
/// the Length field delimits messages). Stateless: the caller keeps the unconsumed bytes, calls
/// <see cref="TryFrame"/> after each TCP read, consumes <c>frameLength</c> bytes per complete message
/// and calls again until it gets <see cref="PptpFrameStatus.NeedMore"/>. Any chunking works, down to
/// one byte per read; a bad prefix is reported as soon as the offending field has arrived.
/// </summary>
public static class PptpFramer
{
    /// <summary>
    /// Largest Length accepted. The largest RFC 2637 message is Incoming-Call-Request (220 bytes);
    /// anything far beyond that is a corrupt stream, not a message worth buffering.
    /// </summary>
    public const int MaxMessageLength = 512;

    /// <summary>
    /// Inspects the start of <paramref name="received"/>. On <see cref="PptpFrameStatus.Complete"/>,
    /// <paramref name="frameLength"/> is the length of the first message (pass
    /// <c>received[..frameLength]</c> to <see cref="PptpCodec.TryDecode"/>). On
    /// <see cref="PptpFrameStatus.Error"/>, <paramref name="error"/> is <see cref="PptpError.BadLength"/>,
    /// <see cref="PptpError.BadMessageType"/> or <see cref="PptpError.BadMagicCookie"/>: the stream has
    /// lost its framing and the connection must be closed. Never throws.
    /// </summary>
    public static PptpFrameStatus TryFrame(ReadOnlySpan<byte> received, out int frameLength, out PptpError error)
    {
        frameLength = 0;
        error = PptpError.None;
        if (received.Length < 2)
        {
            return PptpFrameStatus.NeedMore;
        }

        int length = PptpHeader.ReadLength(received);
        if (length < PptpHeader.Size || length > MaxMessageLength)
        {
            error = PptpError.BadLength;
            return PptpFrameStatus.Error;
        }

        if (received.Length >= 4 && PptpHeader.ReadMessageType(received) != PptpHeader.ControlMessage)
        {
            error = PptpError.BadMessageType;
            return PptpFrameStatus.Error;
        }

        if (received.Length >= 8 && PptpHeader.ReadMagicCookie(received) != PptpHeader.MagicCookie)
        {
            error = PptpError.BadMagicCookie;
            return PptpFrameStatus.Error;
        }

        if (received.Length < length)
        {
            return PptpFrameStatus.NeedMore;
        }

        frameLength = length;
        return PptpFrameStatus.Complete;
    }
}
