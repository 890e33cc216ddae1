using System.Net;
using Concentrator.Node.Users;

namespace Concentrator.Node.Operator;

/// <summary>What the operator API acts on: the node, answering for the whole cluster.</summary>
public interface IOperatorBackend
{
    IUserAdmin Users { get; }

    Task<SessionsResult> SessionsAsync();

    /// <summary>Ends the sessions that match (LCP Terminate, Call-Disconnect-Notify) and says how many.</summary>
    Task<int> KickAsync(string? sessionId, string? user, IPAddress? address, string reason);

    IReadOnlyList<BanView> Bans();

    void Ban(IPAddress address, TimeSpan duration, string reason);

    /// <summary>Lifts a ban; false when the address was not banned.</summary>
    bool Unban(IPAddress address);

    Task<IReadOnlyList<PoolView>> PoolsAsync();

    Task<IReadOnlyList<NodeView>> NodesAsync();

    /// <summary>Starts draining a node (by id); null on success, else why not.</summary>
    Task<string?> DrainAsync(string node, TimeSpan deadline);

    /// <summary>The global switch for PPTP logins (cluster-wide).</summary>
    bool PptpEnabled { get; set; }
}
