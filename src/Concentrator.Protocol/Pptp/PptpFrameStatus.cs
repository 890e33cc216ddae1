namespace Concentrator.Protocol.Pptp;

/// <summary>Outcome of <see cref="PptpFramer.TryFrame"/>.</summary>
public enum PptpFrameStatus
{
    /// <summary>The bytes so far are a valid prefix of a message; wait for more.</summary>
    NeedMore = 0,
    /// <summary>A complete message of the returned length starts the buffer.</summary>
    Complete,
    /// <summary>The stream can never become valid; the control connection must be closed.</summary>
    Error,
}
