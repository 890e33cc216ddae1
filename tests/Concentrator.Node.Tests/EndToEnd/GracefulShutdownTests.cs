using System.Diagnostics;
using Concentrator.Client;
using Concentrator.Dataplane.Linux;
using Concentrator.Node.Tests.Support;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Node.Tests.EndToEnd;

/// <summary>
/// The README's promise, checked on the real process: `concentrator serve` given SIGTERM tells every client
/// goodbye (LCP Terminate-Request, Call-Disconnect-Notify, Stop-Control-Connection-Request), ends its calls
/// properly and exits 0 within its shutdown bound.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const string User = "sigrid";
    private const string Password = "Term-Signal-15";
    private const string Reason = "the concentrator is shutting down";

    /// <summary>NodeHost's HostOptions.ShutdownTimeout: the longest the host may take to stop.</summary>
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(30);

    /// <summary>How long the clients may wait to be told: well inside the node's 15 s goodbye bound.</summary>
    private static readonly TimeSpan ToldWithin = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Sigterm_tells_every_client_goodbye_and_the_process_exits_0()
    {
        Skip.If(!Privileges.Check().IsSufficient, "needs root (network namespaces, TUN, raw GRE)");
        await using var lab = await ThreeNamespaceLab.StartAsync(output, User, Password);
        var opened = await lab.NewClient(User, Password, new PacketQueue()).OpenControlConnectionAsync();
        await using var control = opened.Connection ?? throw new InvalidOperationException(opened.Result.ToString());
        var calls = new List<PptpCall>();
        for (var i = 0; i < 2; i++)
        {
            var call = await control.PlaceCallAsync();
            Assert.True(call.Result.IsConnected, call.Result.ToString());
            calls.Add(call);
        }
        using (var api = lab.Operator())
            Assert.Equal(2, Assert.Single(await api.PoolsAsync()).Leased);

        var clock = Stopwatch.StartNew();
        var stopping = lab.Node.StopAsync(ShutdownBound); // kill -TERM to the `concentrator serve` process

        foreach (var call in calls)
        {
            var end = await call.Disconnected.WaitAsync(ToldWithin);
            output.WriteLine($"{call}: {end}");
            // LCP Terminate-Request came first, then the Call-Disconnect-Notify (RFC 2637 §2.13) with its reason.
            Assert.Equal(DisconnectReason.LinkTerminated, end.Reason);
            Assert.Contains("LCP (Terminate-Request)", end.Detail, StringComparison.Ordinal);
            Assert.NotNull(end.Notify);
            Assert.Equal(CallDisconnectResult.AdminShutdown, end.Notify.ResultCode);
            Assert.Equal(Reason, end.Notify.CallStatistics);
        }
        Assert.Equal("the server sent Stop-Control-Connection-Request", await control.Closed.WaitAsync(ToldWithin));

        Assert.True(await stopping, $"no exit within {ShutdownBound.TotalSeconds} s of SIGTERM:\n{lab.Node.Log}");
        output.WriteLine($"exited {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
        Assert.Equal(0, lab.Node.ExitCode);

        var log = lab.Node.Log;
        Assert.Contains("Application is shutting down", log, StringComparison.Ordinal);
        Assert.Contains($"ending every call ({Reason}): telling each client goodbye and releasing its address", log, StringComparison.Ordinal);
        Assert.Equal(2, log.Split('\n').Count(l => l.Contains($") ended: {Reason}", StringComparison.Ordinal)));
        Assert.DoesNotContain("not every client answered", log, StringComparison.Ordinal);
        Assert.DoesNotContain("was stopped before it ended properly", log, StringComparison.Ordinal);
    }
}
