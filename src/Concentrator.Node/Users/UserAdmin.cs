namespace Concentrator.Node.Users;

/// <summary>A user as the operator sees it (never a hash or password).</summary>
public sealed record UserView(string Name, bool AllowVpn, bool Disabled, string? StaticAddress);

/// <summary>
/// The operator's user commands, the same whether they go to a running node's API or straight to
/// the database of a stopped one. Each command returns null on success, or an operator-readable
/// reason it was refused.
/// </summary>
public interface IUserAdmin
{
    Task<string?> AddAsync(string name, byte[] ntHash, bool allowVpn, string? staticAddress);
    Task<string?> SetPasswordAsync(string name, byte[] ntHash);
    Task<string?> SetAllowVpnAsync(string name, bool allowVpn);
    Task<string?> SetDisabledAsync(string name, bool disabled);
    Task<string?> SetStaticAddressAsync(string name, string? staticAddress);
    Task<string?> RemoveAsync(string name);
    Task<IReadOnlyList<UserView>> ListAsync();
}
