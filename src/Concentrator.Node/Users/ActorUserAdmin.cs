using Akka.Actor;
using Concentrator.Cluster.Users;
using Concentrator.Protocol.Ip;

namespace Concentrator.Node.Users;

/// <summary>User commands sent to the <see cref="UserDirectoryActor"/>.</summary>
public sealed class ActorUserAdmin(IActorRef directory, TimeSpan timeout) : IUserAdmin
{
    public Task<string?> AddAsync(string name, byte[] ntHash, bool allowVpn, string? staticAddress) =>
        ParseStatic(staticAddress, out var address, out var error) ? Send(new AddUser(name, ntHash, allowVpn, address)) : Task.FromResult(error);

    public Task<string?> SetPasswordAsync(string name, byte[] ntHash) => Send(new SetPassword(name, ntHash));

    public Task<string?> SetAllowVpnAsync(string name, bool allowVpn) => Send(new SetAllowVpn(name, allowVpn));

    public Task<string?> SetDisabledAsync(string name, bool disabled) =>
        disabled ? Send(new DisableUser(name)) : Send(new EnableUser(name));

    public Task<string?> SetStaticAddressAsync(string name, string? staticAddress) =>
        ParseStatic(staticAddress, out var address, out var error) ? Send(new SetStaticAddress(name, address)) : Task.FromResult(error);

    public Task<string?> RemoveAsync(string name) => Send(new RemoveUser(name));

    public async Task<IReadOnlyList<UserView>> ListAsync()
    {
        var list = await directory.Ask<UserListResult>(ListUsers.Instance, timeout).ConfigureAwait(false);
        return list.Users
            .Select(u => new UserView(u.Name, u.AllowVpn, u.Disabled, u.StaticAddress is { } a ? Ipv4.Format(a) : null))
            .OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private async Task<string?> Send(IUserDirectoryCommand command)
    {
        var result = await directory.Ask<UserCommandResult>(command, timeout).ConfigureAwait(false);
        return result.Succeeded ? null : result.Error;
    }

    private static bool ParseStatic(string? text, out uint? address, out string? error)
    {
        address = null;
        error = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (Ipv4.TryParse(text, out var value))
        {
            address = value;
            return true;
        }
        error = $"'{text}' is not an IPv4 address";
        return false;
    }
}
