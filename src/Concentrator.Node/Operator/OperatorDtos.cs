namespace Concentrator.Node.Operator;

// What the operator API sends and receives (JSON, camelCase). The CLI uses the same records.

/// <summary>One session of the cluster.</summary>
public sealed record SessionView(
    string Id, string User, string ClientAddress, string TunnelAddress, string Node, string Interface, ushort CallId,
    DateTimeOffset Since, long BytesIn, long BytesOut, long PacketsIn, long PacketsOut, string Encryption);

/// <summary>A banned source.</summary>
public sealed record BanView(string Address, DateTimeOffset Until, string Reason);

/// <summary>One address pool: cluster-wide figures and what each node holds.</summary>
/// <param name="Name">The pool's name.</param>
/// <param name="Size">Addresses that can be leased at all.</param>
/// <param name="InBlocks">
/// Addresses in blocks granted to nodes, as the coordinator counts them: a node that crashed keeps its blocks
/// until they are reclaimed, so this is above the answering nodes' <see cref="PoolNodeView.Held"/> until then.
/// </param>
/// <param name="Leased">Leased to sessions on the nodes that answered, plus static leases.</param>
/// <param name="Free">Size minus Leased.</param>
/// <param name="Nodes">The share of each node that answered.</param>
public sealed record PoolView(string Name, int Size, int InBlocks, int Leased, int Free, IReadOnlyList<PoolNodeView> Nodes);

/// <summary>A node's share of a pool: addresses in its blocks, leased to its sessions, and free in its blocks.</summary>
public sealed record PoolNodeView(string Node, int Held, int Leased, int Free);

/// <summary>Adding a user: the password travels only as its NT hash (hex).</summary>
public sealed record AddUserRequest(string Name, string NtHash, bool AllowVpn, string? StaticAddress);

/// <summary>Changing a user; only the fields given change. StaticAddress "" removes the reservation.</summary>
public sealed record ChangeUserRequest(string? NtHash = null, bool? AllowVpn = null, bool? Disabled = null, string? StaticAddress = null);

/// <summary>Which sessions to end, and why.</summary>
public sealed record KickRequest(string? Id = null, string? User = null, string? Address = null, string? Reason = null);

/// <summary>How many sessions a kick ended.</summary>
public sealed record KickResult(int Kicked);

/// <summary>A ban made by an operator.</summary>
public sealed record AddBanRequest(string Address, TimeSpan? Duration = null, string? Reason = null);

/// <summary>The global PPTP switch.</summary>
public sealed record PptpSwitchView(bool Enabled);

/// <summary>Why a request was refused.</summary>
public sealed record ErrorView(string Error);

/// <summary>Every session of the cluster, and the nodes that did not answer in time.</summary>
public sealed record SessionsResult(IReadOnlyList<SessionView> Sessions, IReadOnlyList<string> SilentNodes);

/// <summary>A member of the cluster.</summary>
/// <param name="Id">The node's name.</param>
/// <param name="Address">Its cluster address.</param>
/// <param name="Status">Joining, Up, Leaving, Exiting, Down, …</param>
/// <param name="Reachable">Whether this node can reach it.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Sessions">Its sessions, or null when it did not answer.</param>
/// <param name="Singletons">The singletons it hosts (the oldest node hosts them all).</param>
/// <param name="Self">Whether it is the node that answers.</param>
/// <param name="ClockOffsetMs">Its clock minus the answering node's, in milliseconds (null when it did not answer).</param>
public sealed record NodeView(string Id, string Address, string Status, bool Reachable, IReadOnlyList<string> Roles, int? Sessions,
    IReadOnlyList<string> Singletons, bool Self, long? ClockOffsetMs);

/// <summary>Drain a node: no new calls, the calls it has end by themselves or at the deadline, then it leaves.</summary>
public sealed record DrainRequest(string Node, TimeSpan Deadline);
