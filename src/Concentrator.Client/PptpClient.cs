using System.Net.Sockets;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Ip;

namespace Concentrator.Client;

/// <summary>
/// The PNS side of PPTP (RFC 2637): our own test client and the base of the load generator. Each
/// <see cref="ConnectAsync"/> opens a control connection, places one call on it and sets up PPP (as
/// Windows does); <see cref="OpenControlConnectionAsync"/> gives a connection to place several calls on.
/// Thread-safe; any number of calls may be set up at once. No thread per call, no blocking waits: every
/// step is asynchronous and bounded by the timeouts in <see cref="PptpClientOptions"/>.
/// </summary>
/// <example>
/// <code>
/// var client = new PptpClient(options, ControlStreams.Tcp(new IPEndPoint(server, 1723)), RawGreClientTransport.Open());
/// await using var call = await client.ConnectAsync(ct);
/// if (!call.Result.IsConnected) Console.WriteLine(call.Result);
/// call.SendIpPacket(packet);
/// await call.HangUpAsync(ct);
/// </code>
/// </example>
public sealed class PptpClient
{
    private readonly ControlStreamFactory _controlStreams;
    private int _serialNumber;

    /// <param name="options">Who, where, how; <see cref="PptpClientOptions.Server"/> must be IPv4.</param>
    /// <param name="controlStreams">Opens the TCP stream of each control connection (<see cref="ControlStreams.Tcp"/>, or in memory).</param>
    /// <param name="greTransport">Carries GRE for every call of this client (it may be shared between clients).</param>
    /// <param name="time">The clock for timers and timeouts; the system clock by default.</param>
    /// <exception cref="ArgumentException">The server address is not IPv4.</exception>
    public PptpClient(PptpClientOptions options, ControlStreamFactory controlStreams, IClientGreTransport greTransport, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controlStreams);
        ArgumentNullException.ThrowIfNull(greTransport);
        Ipv4.ToUInt32(options.Server);
        Options = options;
        _controlStreams = controlStreams;
        Transport = greTransport;
        Time = time ?? TimeProvider.System;
    }

    public PptpClientOptions Options { get; }

    public IClientGreTransport Transport { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// Opens a control connection, places one call on it and sets up PPP. Returns when setup has ended:
    /// <see cref="PptpCall.Result"/> says connected or why not (a failed call has been cleaned up, its
    /// connection stopped). Hanging up the call also stops its control connection.
    /// Cancelling cleans up and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<PptpCall> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var startedAt = Time.GetTimestamp();
        var opened = await OpenAsync(startedAt, cancellationToken).ConfigureAwait(false);
        if (opened.Connection is null) return PptpCall.Failed(Options, Time, opened.Result);
        return await opened.Connection.PlaceCallAsync(startedAt, ownsConnection: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a control connection (TCP, then Start-Control-Connection-Request/Reply, RFC 2637 §2.1–2.2)
    /// for placing calls with <see cref="PptpControlConnection.PlaceCallAsync(CancellationToken)"/>; stop it with
    /// <see cref="PptpControlConnection.StopAsync"/>.
    /// </summary>
    public Task<ControlConnectionResult> OpenControlConnectionAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(Time.GetTimestamp(), cancellationToken);

    internal ushort NextSerialNumber() => (ushort)Interlocked.Increment(ref _serialNumber);

    private async Task<ControlConnectionResult> OpenAsync(long startedAt, CancellationToken cancellationToken)
    {
        Stream stream;
        using (var timeout = new CancellationTokenSource(Options.ControlTimeout, Time))
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                stream = await _controlStreams(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(ConnectOutcome.Timeout, $"the control connection did not open within {Options.ControlTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                return Failed(ConnectOutcome.Unreachable, $"the control connection could not be opened: {e.Message}");
            }
        }

        var connection = new PptpControlConnection(this, stream);
        var failure = await connection.StartAsync(startedAt, cancellationToken).ConfigureAwait(false);
        return failure is null
            ? new ControlConnectionResult(new ConnectResult(ConnectOutcome.Connected)
            {
                Phase = SetupPhase.Control,
                Detail = "control connection established",
                SetupTime = Time.GetElapsedTime(startedAt),
                ControlReply = connection.StartReply,
            }, connection)
            : new ControlConnectionResult(failure, null);

        ControlConnectionResult Failed(ConnectOutcome outcome, string detail) => new(new ConnectResult(outcome)
        {
            Phase = SetupPhase.Transport,
            Detail = detail,
            SetupTime = Time.GetElapsedTime(startedAt),
        }, null);
    }
}
