using System.Net;
using Concentrator.Dataplane.Control;
using Concentrator.Sessions.Telemetry;

namespace Concentrator.Dataplane.Tests.Control;

/// <summary>The admission rules with a fake clock (milliseconds).</summary>
public sealed class ConnectionLimiterTests
{
    private static readonly IPAddress A = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress B = IPAddress.Parse("198.51.100.2");

    [Fact]
    public void The_source_cap_refuses_the_next_connection_until_one_is_released()
    {
        var limiter = new ConnectionLimiter(new ListenerSettings { MaxConnectionsPerSource = 3 });
        var admitted = Enumerable.Range(0, 3).Select(i => Admit(limiter, A, now: i)).ToList();

        Assert.False(limiter.TryAdmit(A, 10, out var none, out var refusal));
        Assert.Null(none);
        Assert.Equal(ControlRefusal.PerSourceLimit, refusal);
        Assert.NotNull(Admit(limiter, B, now: 10));

        limiter.Release(admitted[1]);
        limiter.Release(admitted[1]);
        Assert.Equal(3, limiter.Open);
        Assert.NotNull(Admit(limiter, A, now: 11));
        Assert.False(limiter.TryAdmit(A, 12, out _, out _));
    }

    [Fact]
    public void Connections_leave_setup_when_the_window_passes_or_they_close()
    {
        var limiter = new ConnectionLimiter(new ListenerSettings { MaxConnectionsInSetup = 2, SetupWindow = TimeSpan.FromSeconds(30) });
        var first = Admit(limiter, A, now: 0);
        Admit(limiter, B, now: 1_000);

        Assert.False(limiter.TryAdmit(IPAddress.Parse("198.51.100.3"), 29_999, out _, out var refusal));
        Assert.Equal(ControlRefusal.SetupLimit, refusal);
        Assert.Equal(2, limiter.InSetup(29_999));

        // 30 s after its accept the first one is established, as far as the limit goes; it stays open.
        Assert.Equal(1, limiter.InSetup(30_000));
        var third = Admit(limiter, IPAddress.Parse("198.51.100.3"), now: 30_000);
        Assert.Equal(3, limiter.Open);

        // A connection that closes during setup frees its place at once.
        limiter.Release(third);
        Assert.Equal(1, limiter.InSetup(30_001));
        limiter.Release(first);
        Assert.Equal(1, limiter.Open);
    }

    [Fact]
    public void The_total_cap_is_checked_first()
    {
        var limiter = new ConnectionLimiter(new ListenerSettings { MaxConnections = 2, MaxConnectionsPerSource = 1 });
        Admit(limiter, A, now: 0);
        Admit(limiter, B, now: 0);

        Assert.False(limiter.TryAdmit(A, 0, out _, out var refusal));
        Assert.Equal(ControlRefusal.ConnectionLimit, refusal);
    }

    private static ConnectionLimiter.Admission Admit(ConnectionLimiter limiter, IPAddress source, long now)
    {
        Assert.True(limiter.TryAdmit(source, now, out var admission, out var refusal), $"refused: {refusal}");
        return admission!;
    }
}
