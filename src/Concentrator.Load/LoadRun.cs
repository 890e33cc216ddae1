using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Concentrator.Client;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Ip;

namespace Concentrator.Load;

/// <summary>
/// One run: set up <see cref="LoadOptions.Sessions"/> sessions at <see cref="LoadOptions.Rate"/> per
/// second (each: TCP connect → … → IPCP Opened → an ICMP echo to the LAN host and its reply back through
/// the tunnel), hold them, push UDP both ways through <see cref="LoadOptions.TrafficSessions"/> of them
/// (1400-byte packets, 64-byte payloads, then a light latency phase), hang every one up. Every wait is
/// bounded; progress goes to the <c>progress</c> writer once a second.
/// </summary>
public sealed class LoadRun : IAsyncDisposable
{
    private const int Ip1400 = 1396;     // the largest IPv4 packet in a 1400-byte PPP payload (MPPE adds 4: RFC 3078 §3)
    private const int Ip64 = 64 + 28;    // 64 bytes of UDP payload
    private const int TeardownConcurrency = 1000;

    private readonly LoadOptions _options;
    private readonly TextWriter _progress;
    private readonly LoadSession?[] _sessions;
    private readonly LoadSink _sink;
    private readonly List<RawGreClientTransport> _transports = [];
    private readonly List<PptpClient> _clients = [];
    private readonly NodeProbe _node;
    private readonly uint _lanHost;
    private LanTraffic? _lan;
    private volatile string _status = "starting";
    private readonly Lazy<Task<ControlConnectionResult>>?[] _connections; // shared by CallsPerConnection sessions each (when more than 1)
    private double _idleAllocationRate;

    public LoadRun(LoadOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
        _sessions = new LoadSession?[options.Warmup + options.Sessions];
        _connections = new Lazy<Task<ControlConnectionResult>>?[(_sessions.Length + options.CallsPerConnection - 1) / options.CallsPerConnection];
        for (var i = 0; i < _sessions.Length; i++) _sessions[i] = new LoadSession(i);
        _sink = new LoadSink(_sessions);
        _node = new NodeProbe(options.NodePid, options.NodeNamespace, options.MetricsEndpoint);
        _lanHost = Ipv4.ToUInt32(options.LanHost);
    }

    public async Task<BenchReport> RunAsync(CancellationToken stop)
    {
        Open();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var progress = ProgressLoopAsync(progressStop.Token);
        try
        {
            if (_options.Warmup > 0)
            {
                // Warm-up: JIT tiering and the node's first blocks of addresses, not counted.
                await SetupAsync(0, _options.Warmup, "warm-up", stop);
                await TeardownAsync(_sessions.Take(_options.Warmup), "warm-up end");
                Interlocked.Exchange(ref _started, 0);
                Interlocked.Exchange(ref _succeeded, 0);
                Interlocked.Exchange(ref _failed, 0);
                await SettleAsync(stop);
            }
            var rssBefore = _node.RssBytes();
            var setup = await SetupAsync(_options.Warmup, _options.Sessions, "setup", stop);
            var hold = await HoldAsync(rssBefore, stop);
            var phases = new List<PhaseResult>();
            var traffic = _sessions.Skip(_options.Warmup).Where(s => s!.Call?.State == CallState.Connected).Take(_options.TrafficSessions).Select(s => s!).ToList();
            if (traffic.Count > 0 && !stop.IsCancellationRequested)
            {
                if (_options.SettleSeconds > 0)
                {
                    // Warm-up: the packet path's methods reach their optimised JIT tier before anything is measured.
                    await TrafficPhaseAsync("warm-up", Ip64, _options.Pps64 / 4, traffic, _options.SettleSeconds, stop);
                    await TrafficPhaseAsync("warm-up", Ip1400, _options.Pps1400 / 4, traffic, _options.SettleSeconds, stop);
                    await SettleAsync(stop);
                }
                phases.Add(await TrafficPhaseAsync("1400", Ip1400, _options.Pps1400, traffic, _options.TrafficSeconds, stop));
                phases.Add(await TrafficPhaseAsync("64", Ip64, _options.Pps64, traffic, _options.TrafficSeconds, stop));
                phases.Add(await TrafficPhaseAsync("latency", Ip64, _options.LatencyPps, traffic, _options.TrafficSeconds, stop));
            }
            var teardown = await TeardownAsync(_sessions.Skip(_options.Warmup), "teardown");
            return new BenchReport(_options, setup, hold, phases, teardown, _transports.Sum(t => t.SendErrors));
        }
        finally
        {
            await progressStop.CancelAsync();
            await progress;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever is still up (a cancelled run) is hung up briefly, then the sockets close.
        await Task.WhenAll(_sessions.Where(s => s?.Call is not null).Select(s => s!.Call!.HangUpAsync().WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default)));
        if (_options.CallsPerConnection > 1) await StopConnectionsAsync(_sessions);
        foreach (var transport in _transports) transport.Dispose();
        _lan?.Dispose();
        _node.Dispose();
    }

    private void Open()
    {
        foreach (var address in _options.ClientAddresses)
        {
            var transport = RawGreClientTransport.Open(address);
            _transports.Add(transport);
            var options = new PptpClientOptions
            {
                Server = _options.Server,
                UserName = _options.User,
                Password = _options.Password,
                PacketSink = _sink,
                ConnectTimeout = _options.SetupTimeout,
                ControlTimeout = _options.SetupTimeout,
                HangUpTimeout = TimeSpan.FromSeconds(5),
            };
            _clients.Add(new PptpClient(options, ControlStreams.Tcp(new IPEndPoint(_options.Server, ControlStreams.PptpPort), address), transport));
        }
        if (_options.TrafficSessions > 0) _lan = LanTraffic.Open(_options.LanNamespace, _options.LanHost);
    }

    private int _started, _succeeded, _failed;

    private async Task<SetupResult> SetupAsync(int first, int count, string status, CancellationToken stop)
    {
        var latency = new LatencyHistogram();
        var failures = new ConcurrentDictionary<string, int>();
        using var inFlight = new SemaphoreSlim(_options.MaxInFlight);
        var tasks = new List<Task>(count);
        var scrapeBefore = await _node.ScrapeAsync();
        var cpuBefore = _node.CpuSeconds();
        var ownBefore = NodeProbe.OwnCpuSeconds();
        var begin = Stopwatch.GetTimestamp();
        long lastSuccess = begin;
        var pacer = new Pacer(_options.Rate, begin);
        var deadline = begin + Ticks(TimeSpan.FromSeconds(count / (double)_options.Rate) + _options.SetupTimeout * 3);
        _status = status;
        var next = first;
        var end = first + count;
        while (next < end && !stop.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            var due = Math.Min(pacer.Due(Stopwatch.GetTimestamp()), end - next);
            if (due == 0)
            {
                await Task.Delay(1, CancellationToken.None);
                continue;
            }
            for (var i = 0; i < due; i++)
            {
                if (!await inFlight.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None))
                {
                    due = i;
                    break;
                }
                var session = _sessions[next++]!;
                Interlocked.Increment(ref _started);
                tasks.Add(OneAsync(session));
            }
            pacer.Done(due);
        }
        await Task.WhenAll(tasks).WaitAsync(_options.SetupTimeout * 2, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        var seconds = (Interlocked.Read(ref lastSuccess) - begin) / (double)Stopwatch.Frequency;
        var wall = Elapsed(begin);
        var cpu = _node.CpuSeconds() - cpuBefore;
        var own = NodeProbe.OwnCpuSeconds() - ownBefore;
        var scrapeAfter = await _node.ScrapeAsync();
        return new SetupResult(_started, _succeeded, new Dictionary<string, int>(failures), seconds, _options.Rate,
            latency.Percentile(0.50) / 1000, latency.Percentile(0.99) / 1000, cpu, own,
            Sum(scrapeAfter, AllocatedMetric) - Sum(scrapeBefore, AllocatedMetric),
            Sum(scrapeAfter, GcPauseMetric) - Sum(scrapeBefore, GcPauseMetric), wall);

        async Task OneAsync(LoadSession session)
        {
            try
            {
                var reason = await ConnectAsync(session);
                if (reason is null)
                {
                    latency.RecordSince(session.StartedAt);
                    Interlocked.Increment(ref _succeeded);
                    var now = Stopwatch.GetTimestamp();
                    long seen;
                    while ((seen = Interlocked.Read(ref lastSuccess)) < now && Interlocked.CompareExchange(ref lastSuccess, now, seen) != seen)
                    {
                    }
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                    failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
                }
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    /// <summary>The control connection a session's call goes on when CallsPerConnection &gt; 1, opened by the first of its group.</summary>
    private Task<ControlConnectionResult> SharedConnection(LoadSession session)
    {
        var group = session.Index / _options.CallsPerConnection;
        var client = _clients[group % _clients.Count];
        return LazyInitializer.EnsureInitialized(ref _connections[group],
            () => new Lazy<Task<ControlConnectionResult>>(() => client.OpenControlConnectionAsync(CancellationToken.None))).Value;
    }

    /// <summary>Stops the shared control connections of these sessions (their calls are hung up already).</summary>
    private async Task StopConnectionsAsync(IEnumerable<LoadSession?> sessions)
    {
        var stops = new List<Task>();
        foreach (var group in sessions.Select(s => s!.Index / _options.CallsPerConnection).Distinct())
        {
            var shared = Interlocked.Exchange(ref _connections[group], null);
            if (shared is { IsValueCreated: true } && shared.Value.IsCompletedSuccessfully && shared.Value.Result.Connection is { } connection)
                stops.Add(connection.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default));
        }
        await Task.WhenAll(stops);
    }

    /// <summary>One setup; null when it went through, else why not.</summary>
    private async Task<string?> ConnectAsync(LoadSession session)
    {
        session.StartedAt = Stopwatch.GetTimestamp();
        var client = _clients[session.Index % _clients.Count];
        using var limit = new CancellationTokenSource(_options.SetupTimeout);
        PptpCall call;
        try
        {
            if (_options.CallsPerConnection == 1) call = await client.ConnectAsync(limit.Token);
            else
            {
                var opened = await SharedConnection(session).WaitAsync(limit.Token);
                if (opened.Connection is null) return $"{opened.Result.Outcome} in {opened.Result.Phase}";
                call = await opened.Connection.PlaceCallAsync(limit.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return "Timeout";
        }
        if (!call.Result.IsConnected)
        {
            await call.DisposeAsync();
            return $"{call.Result.Outcome} in {call.Result.Phase}";
        }
        session.Address = Ipv4.ToUInt32(call.Result.Address!);
        session.Call = call;
        // The first packet: an echo request to the LAN host, through the node's TUN device, and the reply back.
        var echo = LoadPackets.EchoRequest(session.Address, _lanHost, session.Index);
        while (!limit.IsCancellationRequested)
        {
            call.SendIpPacket(echo);
            try
            {
                await session.FirstReply.WaitAsync(TimeSpan.FromSeconds(1), limit.Token);
                return null;
            }
            catch (TimeoutException)
            {
                // lost on the way (a full queue somewhere): ask again
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return "no first packet back";
    }

    private async Task<HoldResult> HoldAsync(long rssBefore, CancellationToken stop)
    {
        _status = "hold";
        var cpuBefore = _node.CpuSeconds();
        var before = await _node.ScrapeAsync();
        var echoBefore = Sum(before, "concentrator_lcp_echo_failures");
        var begin = Stopwatch.GetTimestamp();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(_options.HoldSeconds), stop);
        }
        catch (OperationCanceledException)
        {
            // cut short: report what there is
        }
        var held = _sessions.Count(s => s!.Call?.State == CallState.Connected);
        var after = await _node.ScrapeAsync();
        var echoAfter = Sum(after, "concentrator_lcp_echo_failures");
        var seconds = Elapsed(begin);
        var allocated = Sum(after, AllocatedMetric) - Sum(before, AllocatedMetric);
        _idleAllocationRate = allocated / seconds ?? 0;
        return new HoldResult(held, seconds, rssBefore, _node.RssBytes(), Environment.WorkingSet, _node.CpuSeconds() - cpuBefore,
            echoBefore is null || echoAfter is null ? null : echoAfter - echoBefore, allocated / seconds,
            Sum(after, "concentrator_control_connections{"));
    }

    /// <summary>A pause after a warm-up: the runtime's background JIT compiles the hot methods' optimised tier (it gets no CPU under load).</summary>
    private async Task SettleAsync(CancellationToken stop)
    {
        _status = "settle";
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(_options.SettleSeconds), stop);
        }
        catch (OperationCanceledException)
        {
            // the run is stopping
        }
    }

    private async Task<PhaseResult> TrafficPhaseAsync(string name, int ipLength, int pps, List<LoadSession> sessions, int phaseSeconds, CancellationToken stop)
    {
        _status = $"traffic {name}";
        var gcBefore = await _node.ScrapeAsync();
        var clientBefore = ClientCounters(sessions);
        var cpuBefore = _node.CpuSeconds();
        var ownBefore = NodeProbe.OwnCpuSeconds();
        _lan!.Up.Restart();
        _sink.Down.Restart();
        var begin = Stopwatch.GetTimestamp();
        var until = begin + Ticks(TimeSpan.FromSeconds(phaseSeconds));
        var threads = new List<Thread>();
        var senders = Math.Min(_options.SenderThreads, sessions.Count);
        for (var t = 0; t < senders; t++)
        {
            var mine = sessions.Where((_, i) => i % senders == t).ToList();
            var share = pps / senders;
            threads.Add(new Thread(() => ClientTraffic.SendLoop(mine, _lanHost, ipLength, share, until, _lan.Up, stop)) { IsBackground = true, Name = $"client-send-{t}" });
        }
        threads.Add(new Thread(() => _lan.SendLoop(sessions, ipLength, pps, until, _sink.Down, stop)) { IsBackground = true, Name = "lan-source" });
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        var seconds = Elapsed(begin);
        await Task.Delay(300, CancellationToken.None); // stragglers sent within the phase still count
        var cpu = _node.CpuSeconds() - cpuBefore;
        var own = NodeProbe.OwnCpuSeconds() - ownBefore;
        var up = DirectionResult.From(_lan.Up);
        var down = DirectionResult.From(_sink.Down);
        _lan.Up.Stop();
        _sink.Down.Stop();
        var gcAfter = await _node.ScrapeAsync();
        int[]? gc = null;
        if (gcBefore.Count > 0 && gcAfter.Count > 0)
        {
            gc = new int[3];
            for (var g = 0; g < 3; g++)
            {
                // The node labels every series with node="<id>" after its own labels.
                var key = $"dotnet_collection_count_total{{generation=\"{g}\"";
                gc[g] = (int)((Sum(gcAfter, key) ?? 0) - (Sum(gcBefore, key) ?? 0));
            }
        }
        var allocated = Sum(gcAfter, AllocatedMetric) - Sum(gcBefore, AllocatedMetric);
        var nodeDrops = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in gcAfter)
        {
            if (!key.Contains("_drops_total", StringComparison.Ordinal) && !key.StartsWith("concentrator_gre_send_failures", StringComparison.Ordinal)) continue;
            var delta = value - gcBefore.GetValueOrDefault(key);
            if (delta > 0) nodeDrops[key.Replace("concentrator_", "", StringComparison.Ordinal).Replace("_total", "", StringComparison.Ordinal)] = delta;
        }
        var clientAfter = ClientCounters(sessions);
        var clientDrops = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in clientAfter)
            if (value - clientBefore[key] > 0) clientDrops[key] = value - clientBefore[key];
        // What the node allocates anyway with these sessions held (LCP echo, timers, our /metrics scrapes) is not the packets'.
        var packetAllocated = allocated is { } a ? Math.Max(0, a - _idleAllocationRate * (seconds + 0.3)) : (double?)null;
        return new PhaseResult(name, ipLength, seconds, pps, up, down, cpu, own, gc, allocated, packetAllocated, nodeDrops, clientDrops);
    }

    /// <summary>The node's allocation counter (System.Runtime meter, .NET 9+): bytes allocated since start.</summary>
    private const string AllocatedMetric = "system_runtime_dotnet_gc_heap_total_allocated";

    /// <summary>The node's total GC pause time in seconds (System.Runtime meter, .NET 9+).</summary>
    private const string GcPauseMetric = "system_runtime_dotnet_gc_pause_time";

    /// <summary>The GRE and MPPE counters of the traffic sessions, summed: where the client side loses packets.</summary>
    private Dictionary<string, long> ClientCounters(List<LoadSession> sessions)
    {
        long lost = 0, stale = 0, duplicates = 0, windowFull = 0, mppe = 0, dropped = 0;
        foreach (var session in sessions)
        {
            var stats = session.Call!.Statistics;
            lost += stats.Gre.Lost;
            stale += stats.Gre.Stale;
            duplicates += stats.Gre.Duplicates;
            windowFull += stats.Gre.WindowFull;
            mppe += stats.MppeErrors;
            dropped += stats.Dropped;
        }
        return new Dictionary<string, long>
        {
            ["gre_lost"] = lost, ["gre_stale"] = stale, ["gre_duplicates"] = duplicates, ["gre_window_full"] = windowFull,
            ["mppe_errors"] = mppe, ["dropped"] = dropped, ["gre_send_errors"] = _transports.Sum(t => t.SendErrors),
        };
    }

    private async Task<TeardownResult> TeardownAsync(IEnumerable<LoadSession?> sessions, string status)
    {
        _status = status;
        var begin = Stopwatch.GetTimestamp();
        using var gate = new SemaphoreSlim(TeardownConcurrency);
        var calls = sessions.Where(s => s!.Call is not null).Select(s => s!.Call!).ToList();
        var hungUp = 0;
        var tasks = calls.Select(async call =>
        {
            await gate.WaitAsync();
            try
            {
                await call.HangUpAsync().WaitAsync(TimeSpan.FromSeconds(10));
                Interlocked.Increment(ref hungUp);
            }
            catch (TimeoutException)
            {
                // counted as not hung up
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).WaitAsync(_options.TeardownTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_options.CallsPerConnection > 1) await StopConnectionsAsync(sessions);
        var seconds = Elapsed(begin);
        double? left = null;
        var deadline = Stopwatch.GetTimestamp() + Ticks(TimeSpan.FromSeconds(15));
        while (Stopwatch.GetTimestamp() < deadline)
        {
            left = Sum(await _node.ScrapeAsync(), "concentrator_control_connections{");
            if (left is null or 0) break;
            await Task.Delay(500);
        }
        return new TeardownResult(hungUp, seconds, left);
    }

    private async Task ProgressLoopAsync(CancellationToken stop)
    {
        var begin = Stopwatch.GetTimestamp();
        var lastCpu = _node.CpuSeconds();
        var lastOwn = NodeProbe.OwnCpuSeconds();
        var lastDone = 0;
        var lastPackets = 0L;
        var last = begin;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var now = Stopwatch.GetTimestamp();
            var dt = (now - last) / (double)Stopwatch.Frequency;
            var cpu = _node.CpuSeconds();
            var own = NodeProbe.OwnCpuSeconds();
            var done = Volatile.Read(ref _succeeded);
            var packets = (_lan?.Up.Packets ?? 0) + _sink.Down.Packets;
            var rate = packets >= lastPackets ? (packets - lastPackets) / dt : packets / dt;
            _progress.WriteLine(
                $"[{(now - begin) / (double)Stopwatch.Frequency,6:0.0}s] {_status,-15} up {done,6} failed {Volatile.Read(ref _failed),5} " +
                $"in flight {Volatile.Read(ref _started) - done - Volatile.Read(ref _failed),5} ({(done - lastDone) / dt,6:0}/s)  " +
                $"traffic {rate,8:0} pkt/s  node {_node.RssBytes() / 1048576.0,6:0} MiB {(cpu - lastCpu) / dt * 100,4:0}% cpu  load {(own - lastOwn) / dt * 100,4:0}% cpu");
            lastCpu = cpu;
            lastOwn = own;
            lastDone = done;
            lastPackets = packets;
            last = now;
        }
    }

    /// <summary>The sum of every sample whose name starts with <paramref name="prefix"/>; null when there is none.</summary>
    internal static double? Sum(Dictionary<string, double> samples, string prefix)
    {
        double? sum = null;
        foreach (var (key, value) in samples)
            if (key.StartsWith(prefix, StringComparison.Ordinal))
                sum = (sum ?? 0) + value;
        return sum;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double Elapsed(long since) => (Stopwatch.GetTimestamp() - since) / (double)Stopwatch.Frequency;
}
