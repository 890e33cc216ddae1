namespace Concentrator.Sessions.Policy;

/// <summary>
/// Brute-force guard: after <see cref="MaxFailures"/> failed logins from one source address within
/// <see cref="Window"/>, that address is refused for <see cref="BanDuration"/>. The defaults are the
/// gateway vendor's (6 in 15 minutes, then a 45-minute ban).
/// </summary>
public sealed record BruteForceSettings
{
    public bool Enabled { get; init; } = true;
    public int MaxFailures { get; init; } = 6;
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(45);
}
