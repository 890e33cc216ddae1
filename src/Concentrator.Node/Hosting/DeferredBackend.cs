using System.Net;
using Concentrator.Node.Operator;
using Concentrator.Node.Users;

namespace Concentrator.Node.Hosting;

/// <summary>The operator API's backend, resolved at each request (the runtime starts after the routes are mapped).</summary>
internal sealed class DeferredBackend(Func<IOperatorBackend> resolve) : IOperatorBackend
{
    public IUserAdmin Users => resolve().Users;
    public Task<SessionsResult> SessionsAsync() => resolve().SessionsAsync();
    public Task<IReadOnlyList<NodeView>> NodesAsync() => resolve().NodesAsync();
    public Task<string?> DrainAsync(string node, TimeSpan deadline) => resolve().DrainAsync(node, deadline);
    public Task<int> KickAsync(string? sessionId, string? user, IPAddress? address, string reason) => resolve().KickAsync(sessionId, user, address, reason);
    public IReadOnlyList<BanView> Bans() => resolve().Bans();
    public void Ban(IPAddress address, TimeSpan duration, string reason) => resolve().Ban(address, duration, reason);
    public bool Unban(IPAddress address) => resolve().Unban(address);
    public Task<IReadOnlyList<PoolView>> PoolsAsync() => resolve().PoolsAsync();

    public bool PptpEnabled
    {
        get => resolve().PptpEnabled;
        set => resolve().PptpEnabled = value;
    }
}
