using System.Collections.Concurrent;
using System.Net;
using Concentrator.Protocol.Auth;
using Concentrator.Sessions.Users;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>An in-memory user directory.</summary>
public sealed class TestUsers : IUserDirectory
{
    private readonly ConcurrentDictionary<string, UserRecord> _users = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string name, string password, bool allowVpn = true, bool disabled = false, IPAddress? staticAddress = null) =>
        _users[name] = new UserRecord(name, MsChapV2.NtPasswordHash(password), allowVpn, disabled, staticAddress);

    public Task<UserRecord?> FindAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_users.TryGetValue(name, out var user) ? user : null);
}
