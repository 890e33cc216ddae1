using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Actor;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;

namespace Concentrator.Dataplane.Control;

/// <summary>
/// One accepted PPTP control connection (RFC 2637 §2, TCP) as the connection actor sees it. A read
/// loop posts every chunk received to the actor as <see cref="ControlBytesReceived"/> (a copy) and
/// the end of the stream, or a failure, as <see cref="ControlLinkClosed"/>. Sends are queued and
/// written by one writer per connection, so <see cref="Send"/> never blocks the actor; when the
/// queue is full (the peer stopped reading) the connection is closed at once. <see cref="Close"/>
/// sends what is queued, then FIN, and gives the peer <see cref="ListenerSettings.CloseTimeout"/> to
/// take it and another to close its side. If the actor dies without closing, the link closes
/// itself. TCP_NODELAY is on: control messages are small and each is answered.
/// </summary>
public sealed class TcpControlLink : IControlLink
{
    private const int NotStarted = 0, Started = 1, AbortedBeforeStart = 2;

    private readonly Socket _socket;
    private readonly ListenerSettings _settings;
    private readonly SessionMetrics _metrics;
    private readonly Channel<byte[]> _sendQueue;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeRequestedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;
    private int _closeRequested;
    private int _ownerClosed;
    private int _notified;
    private string? _abortReason;

    /// <summary>Wraps a connected socket; nothing is read until <see cref="Start"/>.</summary>
    public TcpControlLink(Socket socket, ListenerSettings settings, SessionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _settings = settings;
        _metrics = metrics;
        socket.NoDelay = true;
        Remote = Normalize((IPEndPoint)socket.RemoteEndPoint!);
        Local = Normalize((IPEndPoint)socket.LocalEndPoint!);
        _sendQueue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(settings.SendQueueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public IPEndPoint Remote { get; }

    public IPEndPoint Local { get; }

    /// <summary>Completes once the socket is closed, whichever side ended the connection.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Starts reading (posting to <paramref name="connection"/>) and writing. If the link was
    /// aborted before, the actor gets <see cref="ControlLinkClosed"/> at once.
    /// </summary>
    public void Start(IActorRef connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        switch (Interlocked.CompareExchange(ref _state, Started, NotStarted))
        {
            case NotStarted:
                _ = RunAsync(connection);
                break;
            case AbortedBeforeStart:
                Notify(connection, "closed");
                break;
            default:
                throw new InvalidOperationException("the link was started already");
        }
    }

    /// <summary>Queues a copy of <paramref name="bytes"/>; after <see cref="Close"/> it is ignored.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        if (Volatile.Read(ref _closeRequested) != 0 || _sendQueue.Writer.TryWrite(bytes.ToArray()))
        {
            return;
        }
        if (Volatile.Read(ref _closeRequested) != 0)
        {
            return;
        }
        _metrics.ControlSendOverflows.Inc();
        Abort($"its send queue overflowed ({_settings.SendQueueLimit} messages): the peer does not read");
    }

    /// <summary>Sends what is queued, then closes. The actor that calls this gets no <see cref="ControlLinkClosed"/>.</summary>
    public void Close()
    {
        Volatile.Write(ref _ownerClosed, 1);
        RequestClose();
    }

    /// <summary>Closes at once, dropping what is queued; the actor gets <see cref="ControlLinkClosed"/> with <paramref name="reason"/>.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        RequestClose();
        // Disposing the socket ends a pending receive or send at once.
        _socket.Dispose();
        if (Interlocked.CompareExchange(ref _state, AbortedBeforeStart, NotStarted) == NotStarted)
        {
            _completion.TrySetResult();
        }
    }

    public override string ToString() => $"PPTP control connection {Remote} -> {Local}";

    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private void RequestClose()
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            _sendQueue.Writer.TryComplete();
            _closeRequestedSignal.TrySetResult();
        }
    }

    private async Task RunAsync(IActorRef connection)
    {
        using var ended = new CancellationTokenSource();
        try
        {
            var watching = CloseWhenTerminatedAsync(connection, ended.Token);
            var reading = ReadAsync(connection);
            var writing = WriteAsync();
            await Task.WhenAny(writing, _closeRequestedSignal.Task);
            try
            {
                // What is queued gets CloseTimeout to go out: a peer that does not read cannot hold the socket.
                await writing.WaitAsync(_settings.CloseTimeout);
            }
            catch (TimeoutException)
            {
                Abort("the peer did not take what was left to send");
                await writing;
            }
            try
            {
                // FIN after the last byte; the peer reads everything, then closes its side.
                _socket.Shutdown(SocketShutdown.Send);
                await reading.WaitAsync(_settings.CloseTimeout);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
            {
                // Already reset or disposed, or the peer kept its side open: close anyway.
            }
            _socket.Dispose();
            await ended.CancelAsync();
            await reading;
            await watching;
        }
        finally
        {
            _socket.Dispose();
            _completion.TrySetResult();
        }
    }

    private async Task ReadAsync(IActorRef connection)
    {
        string reason;
        try
        {
            while (true)
            {
                // Wait with a zero-byte receive, then read into a pooled buffer: an idle connection (nearly
                // every one of tens of thousands) holds no receive buffer of its own.
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                var buffer = ArrayPool<byte>.Shared.Rent(_settings.ReceiveBufferSize);
                int received;
                try
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(0, _settings.ReceiveBufferSize), SocketFlags.None);
                    if (received > 0 && Volatile.Read(ref _closeRequested) == 0)
                        connection.Tell(new ControlBytesReceived(buffer.AsSpan(0, received).ToArray(), received));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                if (received == 0)
                {
                    reason = "the peer closed the connection";
                    break;
                }
            }
        }
        catch (SocketException e) when (Volatile.Read(ref _closeRequested) == 0)
        {
            reason = $"the connection failed: {e.SocketErrorCode}";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The socket was closed under the receive (Close timed out, or Abort).
            reason = "closed";
        }
        Notify(connection, reason);
    }

    private async Task WriteAsync()
    {
        var reader = _sendQueue.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    for (var sent = 0; sent < message.Length;)
                    {
                        sent += await _socket.SendAsync(message.AsMemory(sent), SocketFlags.None);
                    }
                }
            }
        }
        catch (SocketException e) when (Volatile.Read(ref _abortReason) is null)
        {
            Abort($"sending failed: {e.SocketErrorCode}");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Aborted: the socket is gone, and so is what was queued.
        }
    }

    private async Task CloseWhenTerminatedAsync(IActorRef connection, CancellationToken ended)
    {
        try
        {
            if (await connection.WatchAsync(ended))
            {
                Volatile.Write(ref _ownerClosed, 1);
                RequestClose();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // The link ended first, or the actor cannot be watched (not a local actor).
        }
    }

    /// <summary>Tells the actor the link is gone, once, unless it closed the link itself.</summary>
    private void Notify(IActorRef connection, string reason)
    {
        if (Volatile.Read(ref _ownerClosed) == 0 && Interlocked.Exchange(ref _notified, 1) == 0)
        {
            connection.Tell(new ControlLinkClosed(Volatile.Read(ref _abortReason) is { } aborted ? $"closed: {aborted}" : reason));
        }
    }
}
