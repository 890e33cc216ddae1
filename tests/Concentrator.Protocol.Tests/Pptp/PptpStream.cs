using Concentrator.Protocol.Pptp;

namespace Concentrator.Protocol.Tests.Pptp;

/// <summary>
/// What a control connection actor does with <see cref="PptpFramer"/>: append each TCP chunk to the
/// unconsumed bytes, then cut and decode messages until the framer needs more.
/// </summary>
internal sealed class PptpStream
{
    private readonly List<byte> _pending = [];

    public List<PptpMessage> Messages { get; } = [];

    public List<PptpError> DecodeErrors { get; } = [];

    public PptpError StreamError { get; private set; }

    public int Pending => _pending.Count;

    public void Receive(ReadOnlySpan<byte> chunk)
    {
        Assert.Equal(PptpError.None, StreamError);
        _pending.AddRange(chunk);
        while (true)
        {
            byte[] buffer = [.. _pending];
            PptpFrameStatus status = PptpFramer.TryFrame(buffer, out int frameLength, out PptpError error);
            if (status == PptpFrameStatus.NeedMore)
            {
                Assert.Equal(PptpError.None, error);
                return;
            }

            if (status == PptpFrameStatus.Error)
            {
                Assert.Contains(error, new[] { PptpError.BadLength, PptpError.BadMessageType, PptpError.BadMagicCookie });
                StreamError = error;
                return;
            }

            Assert.Equal(PptpFrameStatus.Complete, status);
            Assert.InRange(frameLength, PptpHeader.Size, Math.Min(buffer.Length, PptpFramer.MaxMessageLength));
            if (PptpCodec.TryDecode(buffer.AsSpan(0, frameLength), out PptpMessage? message, out PptpError decodeError))
            {
                Messages.Add(message);
            }
            else
            {
                DecodeErrors.Add(decodeError);
            }

            _pending.RemoveRange(0, frameLength);
        }
    }
}
