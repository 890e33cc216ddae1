using System.Net;

namespace Concentrator.Sessions.Transport;

/// <summary>
/// The byte stream under one PPTP control connection (TCP 1723 in production, an in-memory pipe in
/// tests). Bytes received arrive at the connection actor as <see cref="ControlBytesReceived"/>
/// messages and the end of the stream as <see cref="ControlLinkClosed"/>.
/// </summary>
public interface IControlLink
{
    IPEndPoint Remote { get; }
    IPEndPoint Local { get; }

    /// <summary>Queues bytes for sending; never blocks the caller for long.</summary>
    void Send(ReadOnlySpan<byte> bytes);

    /// <summary>Closes the stream after what was queued has been sent.</summary>
    void Close();
}

/// <summary>Bytes that arrived on a control link (the buffer belongs to the message).</summary>
public sealed record ControlBytesReceived(byte[] Buffer, int Count);

/// <summary>The control link's peer closed the stream, or it failed.</summary>
public sealed record ControlLinkClosed(string Reason);
