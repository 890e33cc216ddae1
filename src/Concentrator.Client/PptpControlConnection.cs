using Concentrator.Protocol.Pptp;

namespace Concentrator.Client;

/// <summary>
/// The PNS side of one PPTP control connection (RFC 2637 §2, §3.1): Start-Control-Connection, the calls
/// it carries, Echo-Replies to the server's Echo-Requests, and Stop-Control-Connection in both
/// directions. One task reads the stream; writes are serialised and bounded by
/// <see cref="PptpClientOptions.ControlTimeout"/>. Nothing here blocks a thread.
/// </summary>
public sealed class PptpControlConnection : IAsyncDisposable, IDisposable
{
    private readonly PptpClient _client;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, PptpCall> _calls = new();
    private readonly TaskCompletionSource<StartControlConnectionReply?> _startReply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopReply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closedFlag;
    private long _malformed;

    internal PptpControlConnection(PptpClient client, Stream stream)
    {
        _client = client;
        _stream = stream;
    }

    /// <summary>The server's Start-Control-Connection-Reply; null until it came.</summary>
    public StartControlConnectionReply? StartReply { get; private set; }

    /// <summary>Completes with the reason when the connection is closed, by either side.</summary>
    public Task<string> Closed => _closed.Task;

    public bool IsOpen => Volatile.Read(ref _closedFlag) == 0;

    /// <summary>Calls on this connection now.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Framed control messages that did not decode, ignored (RFC 2637 §2: wrong length for the type, unknown type).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>
    /// Places a call (Outgoing-Call-Request, RFC 2637 §2.7) and sets up PPP on it; returns when setup has
    /// ended, connected or not (see <see cref="PptpCall.Result"/>). A failed call has been cleaned up already.
    /// Cancelling hangs the call up and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public Task<PptpCall> PlaceCallAsync(CancellationToken cancellationToken = default) =>
        PlaceCallAsync(_client.Time.GetTimestamp(), ownsConnection: false, cancellationToken);

    /// <summary>
    /// Stop-Control-Connection-Request (RFC 2637 §2.3), waits for the reply at most
    /// <see cref="PptpClientOptions.ControlTimeout"/>, then closes the stream. Calls still on it end.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!IsOpen) return;
        try
        {
            if (await SendAsync(new StopControlConnectionRequest(StopControlConnectionReason.None), cancellationToken).ConfigureAwait(false))
            {
                await _stopReply.Task.WaitAsync(_client.Options.ControlTimeout, _client.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            // Bounded: a server that does not answer is closed on anyway.
        }
        finally
        {
            Close("we stopped the control connection", DisconnectReason.ControlLost, protocolError: false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Closes the stream at once, without Stop-Control-Connection-Request.</summary>
    public void Dispose() => Close("disposed", DisconnectReason.ControlLost, protocolError: false);

    /// <summary>Starts reading and sends Start-Control-Connection-Request (RFC 2637 §2.1); null when the server accepted, else why not.</summary>
    internal async Task<ConnectResult?> StartAsync(long startedAt, CancellationToken cancellationToken)
    {
        _ = Task.Run(ReadLoopAsync, CancellationToken.None);
        var options = _client.Options;
        var request = new StartControlConnectionRequest(PptpHeader.ProtocolVersion, FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous,
            BearerCapabilities.Analog | BearerCapabilities.Digital, 0, 0, options.HostName, options.VendorName);
        StartControlConnectionReply? reply = null;
        try
        {
            if (await SendAsync(request, cancellationToken).ConfigureAwait(false))
            {
                reply = await _startReply.Task.WaitAsync(options.ControlTimeout, _client.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            Close("no Start-Control-Connection-Reply", DisconnectReason.ControlLost, protocolError: false);
            return Failure(ConnectOutcome.Timeout, $"no Start-Control-Connection-Reply within {options.ControlTimeout.TotalSeconds:0.#} s", startedAt);
        }
        catch (OperationCanceledException)
        {
            Close("cancelled", DisconnectReason.ControlLost, protocolError: false);
            throw;
        }

        if (reply is null)
        {
            return Failure(ConnectOutcome.Disconnected, $"the server closed the control connection before replying ({await _closed.Task.ConfigureAwait(false)})", startedAt);
        }

        StartReply = reply;
        if (reply.ResultCode == StartControlConnectionResult.Successful) return null;
        Close($"the server refused the control connection: {reply.ResultCode}", DisconnectReason.ControlLost, protocolError: false);
        return Failure(ConnectOutcome.ControlRefused, $"the server refused the control connection: result {reply.ResultCode}, error {reply.ErrorCode}", startedAt) with
        {
            ControlReply = reply,
        };
    }

    internal async Task<PptpCall> PlaceCallAsync(long startedAt, bool ownsConnection, CancellationToken cancellationToken)
    {
        var options = _client.Options;
        var call = new PptpCall(this, options, _client.Transport, _client.Time, startedAt, ownsConnection);
        if (!call.Register())
        {
            if (ownsConnection) await StopAsync(CancellationToken.None).ConfigureAwait(false);
            return call;
        }

        lock (_gate)
        {
            _calls[call.CallId] = call;
        }

        call.Arm();
        if (!IsOpen)
        {
            call.OnControlEnded(DisconnectReason.ControlLost, "the control connection is closed", protocolError: false);
        }
        else
        {
            // RFC 2637 §2.7; Windows asks for any bearer and framing, 300 to 100,000,000 bps, no phone number.
            await SendAsync(new OutgoingCallRequest(call.CallId, _client.NextSerialNumber(), 300, 100_000_000,
                BearerCapabilities.Analog | BearerCapabilities.Digital, FramingCapabilities.Asynchronous | FramingCapabilities.Synchronous,
                options.Gre.ReceiveWindow, 0, 0, string.Empty, string.Empty), CancellationToken.None).ConfigureAwait(false);
        }

        ConnectResult result;
        try
        {
            result = await call.Established.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (!result.IsConnected) await call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
        return call;
    }

    /// <summary>Sends one message; false when the connection is (or just became) unusable.</summary>
    internal async Task<bool> SendAsync(PptpMessage message, CancellationToken cancellationToken = default)
    {
        if (!IsOpen) return false;
        var bytes = new byte[message.Length];
        message.WriteTo(bytes);
        using var timeout = new CancellationTokenSource(_client.Options.ControlTimeout, _client.Time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token, timeout.Token);
        var locked = false;
        try
        {
            await _writeLock.WaitAsync(limit.Token).ConfigureAwait(false);
            locked = true;
            await _stream.WriteAsync(bytes, limit.Token).ConfigureAwait(false);
            await _stream.FlushAsync(limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Close(timeout.IsCancellationRequested ? "a write to the server did not complete in time" : $"writing failed: {e.Message}",
                DisconnectReason.ControlLost, protocolError: false);
            return false;
        }
        finally
        {
            if (locked) _writeLock.Release();
        }
    }

    /// <summary>The call is over: it no longer receives control messages.</summary>
    internal void Forget(PptpCall call)
    {
        lock (_gate)
        {
            if (_calls.TryGetValue(call.CallId, out var known) && ReferenceEquals(known, call)) _calls.Remove(call.CallId);
        }
    }

    private ConnectResult Failure(ConnectOutcome outcome, string detail, long startedAt) => new(outcome)
    {
        Phase = SetupPhase.Control,
        Detail = detail,
        SetupTime = _client.Time.GetElapsedTime(startedAt),
    };

    private async Task ReadLoopAsync()
    {
        // Room for two of the largest messages: after a shift, a whole one always fits.
        var buffer = new byte[2 * PptpFramer.MaxMessageLength];
        var count = 0;
        var reason = "the server closed the control connection";
        var protocolError = false;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer.AsMemory(count), _closing.Token).ConfigureAwait(false);
                if (read == 0) break;
                count += read;
                var consumed = 0;
                while (true)
                {
                    var status = PptpFramer.TryFrame(buffer.AsSpan(consumed, count - consumed), out var length, out var error);
                    if (status == PptpFrameStatus.NeedMore) break;
                    if (status == PptpFrameStatus.Error)
                    {
                        reason = $"the control stream lost its framing ({error})";
                        protocolError = true;
                        return;
                    }

                    if (PptpCodec.TryDecode(buffer.AsSpan(consumed, length), out var message, out _)) await OnMessageAsync(message).ConfigureAwait(false);
                    else Interlocked.Increment(ref _malformed);
                    consumed += length;
                }

                buffer.AsSpan(consumed, count - consumed).CopyTo(buffer);
                count -= consumed;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            reason = $"the control connection failed: {e.Message}";
        }
        finally
        {
            Close(reason, DisconnectReason.ControlLost, protocolError);
        }
    }

    private async Task OnMessageAsync(PptpMessage message)
    {
        switch (message)
        {
            case StartControlConnectionReply reply:
                _startReply.TrySetResult(reply);
                break;
            case EchoRequest echo:
                // RFC 2637 §2.6: answer with the same Identifier, or the server ends the connection (§3.1.4).
                await SendAsync(new EchoReply(echo.Identifier, EchoResult.Ok, PptpErrorCode.None)).ConfigureAwait(false);
                break;
            case OutgoingCallReply reply:
                // §2.8: Peer's Call ID is the Call ID of our Outgoing-Call-Request.
                Find(call => call.CallId == reply.PeerCallId)?.OnOutgoingCallReply(reply);
                break;
            case CallDisconnectNotify notify:
                // §2.13: the Call ID is the server's own for the call.
                Find(call => call.PeerCallId == notify.CallId && call.State != CallState.Dialing)?.OnCallDisconnectNotify(notify);
                break;
            case StopControlConnectionRequest:
                // §2.3/§2.4: answer, then the connection and every call on it are over.
                await SendAsync(new StopControlConnectionReply(StopControlConnectionResult.Ok, PptpErrorCode.None)).ConfigureAwait(false);
                Close("the server sent Stop-Control-Connection-Request", DisconnectReason.ControlStopped, protocolError: false);
                break;
            case StopControlConnectionReply:
                _stopReply.TrySetResult();
                break;
            case IncomingCallRequest incoming:
                // §2.9/§2.10: we are a PNS that places calls; we take none.
                await SendAsync(new IncomingCallReply(0, incoming.CallId, IncomingCallResult.DoNotAccept, PptpErrorCode.None, 0, 0)).ConfigureAwait(false);
                break;
            default:
                // WAN-Error-Notify, Set-Link-Info, Echo-Reply, and messages only a PNS sends: nothing to do.
                break;
        }
    }

    private PptpCall? Find(Func<PptpCall, bool> match)
    {
        lock (_gate)
        {
            foreach (var call in _calls.Values)
            {
                if (match(call)) return call;
            }

            return null;
        }
    }

    private void Close(string reason, DisconnectReason callReason, bool protocolError)
    {
        if (Interlocked.Exchange(ref _closedFlag, 1) != 0) return;
        _closing.Cancel();
        _stream.Dispose();
        PptpCall[] calls;
        lock (_gate)
        {
            calls = [.. _calls.Values];
            _calls.Clear();
        }

        foreach (var call in calls) call.OnControlEnded(callReason, reason, protocolError);
        _startReply.TrySetResult(null);
        _stopReply.TrySetResult();
        _closed.TrySetResult(reason);
    }
}
