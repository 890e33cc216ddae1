using System.Net;
using Concentrator.Sessions.Policy;

namespace Concentrator.Sessions.Tests.Policy;

public class BruteForceGuardTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly IPAddress Source = IPAddress.Parse("203.0.113.7");

    [Fact]
    public void The_sixth_failure_within_15_minutes_bans_for_45_minutes()
    {
        var clock = new ManualClock();
        var guard = new BruteForceGuard(new BruteForceSettings(), clock);
        for (var i = 0; i < 5; i++)
        {
            Assert.False(guard.ReportFailure(Source, "bob"));
            clock.Now += TimeSpan.FromMinutes(2);
        }
        Assert.False(guard.IsBanned(Source));
        Assert.True(guard.ReportFailure(Source, "bob"));
        Assert.True(guard.IsBanned(Source));
        Assert.Contains("'bob'", Assert.Single(guard.Active()).Reason);
        clock.Now += TimeSpan.FromMinutes(44);
        Assert.True(guard.IsBanned(Source));
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.False(guard.IsBanned(Source));
        Assert.Empty(guard.Active());
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count()
    {
        var clock = new ManualClock();
        var guard = new BruteForceGuard(new BruteForceSettings(), clock);
        for (var i = 0; i < 10; i++)
        {
            Assert.False(guard.ReportFailure(Source, "bob"));
            clock.Now += TimeSpan.FromMinutes(4); // 4 failures at most in any 15 minutes
        }
        Assert.False(guard.IsBanned(Source));
    }

    [Fact]
    public void An_operator_can_lift_a_ban_and_other_sources_are_not_affected()
    {
        var clock = new ManualClock();
        var guard = new BruteForceGuard(new BruteForceSettings { MaxFailures = 2 }, clock);
        guard.ReportFailure(Source, "a");
        guard.ReportFailure(Source, "a");
        Assert.True(guard.IsBanned(Source));
        Assert.False(guard.IsBanned(IPAddress.Parse("203.0.113.8")));
        Assert.True(guard.Lift(Source));
        Assert.False(guard.IsBanned(Source));
        Assert.False(guard.Lift(Source));
    }

    [Fact]
    public void A_spray_from_many_sources_is_forgotten_once_its_window_has_passed()
    {
        var clock = new ManualClock();
        var guard = new BruteForceGuard(new BruteForceSettings(), clock);
        for (var i = 0; i < 5000; i++)
            guard.ReportFailure(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)), "guess");
        Assert.Equal(5000, guard.TrackedSources);

        clock.Now += TimeSpan.FromMinutes(15);
        guard.ReportFailure(Source, "bob");
        Assert.Equal(1, guard.TrackedSources);
    }

    [Fact]
    public void The_sweep_keeps_failures_that_are_still_in_the_window()
    {
        var clock = new ManualClock();
        var guard = new BruteForceGuard(new BruteForceSettings(), clock);
        var banned = IPAddress.Parse("203.0.113.9");
        for (var i = 0; i < 6; i++) guard.ReportFailure(banned, "x");
        Assert.True(guard.IsBanned(banned));
        clock.Now += TimeSpan.FromMinutes(10);
        for (var i = 0; i < 5; i++)
        {
            Assert.False(guard.ReportFailure(Source, "bob"));
            clock.Now += TimeSpan.FromMinutes(1);
        }
        // Minute 15: the sweep runs; Source's failures (minutes 10–14) are still in the window and count.
        Assert.True(guard.ReportFailure(Source, "bob"));
        clock.Now += TimeSpan.FromMinutes(45);
        guard.ReportFailure(IPAddress.Parse("203.0.113.10"), "y"); // minute 60: the next sweep
        Assert.Equal(1, guard.TrackedSources);
    }

    [Fact]
    public void A_disabled_guard_never_bans()
    {
        var guard = new BruteForceGuard(new BruteForceSettings { Enabled = false }, new ManualClock());
        for (var i = 0; i < 20; i++) Assert.False(guard.ReportFailure(Source, "x"));
        Assert.False(guard.IsBanned(Source));
    }
}
