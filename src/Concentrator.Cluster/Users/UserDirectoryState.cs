using Concentrator.Cluster.Addressing;
using Concentrator.Protocol.Ip;

namespace Concentrator.Cluster.Users;

/// <summary>
/// The users, without actors. <see cref="Decide"/> validates a command and returns the events it causes
/// or an operator-readable refusal; only <see cref="Apply"/> changes the state. Names are unique ignoring
/// case; a static address lies in a pool, is not one of its excluded addresses and belongs to one user.
/// </summary>
public sealed class UserDirectoryState
{
    /// <summary>Length of an NT hash (MD4 output), RFC 2759 §8.3.</summary>
    public const int NtHashLength = 16;

    /// <summary>Longest accepted login name.</summary>
    public const int MaxNameLength = 256;

    private readonly IReadOnlyList<AddressPoolDefinition> _pools;
    private readonly Dictionary<string, UserEntry> _users = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="pools">The configured pools, which static addresses must lie in.</param>
    public UserDirectoryState(IReadOnlyList<AddressPoolDefinition> pools)
    {
        _pools = pools;
    }

    public int Count => _users.Count;

    /// <summary>The user called <paramref name="name"/> (ignoring case), or null.</summary>
    public UserEntry? Find(string name) => _users.GetValueOrDefault(name.Trim());

    /// <summary>Every user, by name.</summary>
    public IReadOnlyList<UserEntry> List() => _users.Values.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>Every reserved address and its user.</summary>
    public IReadOnlyList<StaticReservation> StaticReservations() =>
        _users.Values.Where(u => u.StaticAddress is not null)
            .Select(u => new StaticReservation(u.StaticAddress!.Value, u.Name))
            .OrderBy(r => r.Address)
            .ToArray();

    /// <summary>Validates a command: the events it causes (none when nothing changes), or the reason it is refused.</summary>
    public bool Decide(IUserDirectoryCommand command, out IReadOnlyList<IUserDirectoryEvent> events, out string error)
    {
        events = [];
        error = "";
        var name = command.Name?.Trim() ?? "";
        if (command is AddUser add)
        {
            error = CheckName(name);
            if (error.Length == 0 && _users.TryGetValue(name, out var existing))
            {
                error = $"user '{existing.Name}' exists";
            }

            if (error.Length == 0)
            {
                error = CheckHash(add.NtHash);
            }

            if (error.Length == 0 && add.StaticAddress is { } address)
            {
                error = CheckStatic(name, address);
            }

            if (error.Length > 0)
            {
                return false;
            }

            events = [new UserAdded(new UserEntry(name, (byte[])add.NtHash.Clone(), add.AllowVpn, false, add.StaticAddress))];
            return true;
        }

        if (!_users.TryGetValue(name, out var user))
        {
            error = $"no user '{name}'";
            return false;
        }

        switch (command)
        {
            case SetPassword set:
                error = CheckHash(set.NtHash);
                events = error.Length > 0 ? [] : [new UserPasswordSet(user.Name, (byte[])set.NtHash.Clone())];
                break;
            case SetAllowVpn set:
                events = set.AllowVpn == user.AllowVpn ? [] : [new UserVpnAccessSet(user.Name, set.AllowVpn)];
                break;
            case DisableUser:
                events = user.Disabled ? [] : [new UserDisabled(user.Name)];
                break;
            case EnableUser:
                events = user.Disabled ? [new UserEnabled(user.Name)] : [];
                break;
            case SetStaticAddress set:
                if (set.StaticAddress is { } address)
                {
                    error = CheckStatic(user.Name, address);
                }

                events = error.Length > 0 || set.StaticAddress == user.StaticAddress ? [] : [new UserStaticAddressSet(user.Name, set.StaticAddress)];
                break;
            case RemoveUser:
                events = [new UserRemoved(user.Name)];
                break;
            default:
                error = $"unknown command {command.GetType().Name}";
                break;
        }

        return error.Length == 0;
    }

    /// <summary>Changes the state by one event (live or replayed). Never throws on an event that does not fit.</summary>
    public void Apply(IUserDirectoryEvent @event)
    {
        switch (@event)
        {
            case UserAdded e:
                _users[e.User.Name] = e.User;
                break;
            case UserPasswordSet e:
                Update(e.Name, u => u with { NtHash = e.NtHash });
                break;
            case UserVpnAccessSet e:
                Update(e.Name, u => u with { AllowVpn = e.AllowVpn });
                break;
            case UserDisabled e:
                Update(e.Name, u => u with { Disabled = true });
                break;
            case UserEnabled e:
                Update(e.Name, u => u with { Disabled = false });
                break;
            case UserStaticAddressSet e:
                Update(e.Name, u => u with { StaticAddress = e.StaticAddress });
                break;
            case UserRemoved e:
                _users.Remove(e.Name);
                break;
        }
    }

    public UserDirectorySnapshot ToSnapshot() => new(List());

    public static UserDirectoryState FromSnapshot(IReadOnlyList<AddressPoolDefinition> pools, UserDirectorySnapshot snapshot)
    {
        var state = new UserDirectoryState(pools);
        foreach (var user in snapshot.Users)
        {
            state.Apply(new UserAdded(user));
        }

        return state;
    }

    private static string CheckName(string name)
    {
        if (name.Length == 0)
        {
            return "a user needs a name";
        }

        if (name.Length > MaxNameLength)
        {
            return $"user name is longer than {MaxNameLength} characters";
        }

        return name.Any(char.IsControl) ? "user name contains control characters" : "";
    }

    private static string CheckHash(byte[]? hash) =>
        hash is { Length: NtHashLength } ? "" : $"an NT hash is {NtHashLength} bytes, got {hash?.Length ?? 0}";

    private string CheckStatic(string userName, uint address)
    {
        var text = Ipv4.Format(address);
        var pool = _pools.FirstOrDefault(p => p.Contains(address));
        if (pool is null)
        {
            return $"static address {text} is outside every pool";
        }

        if (pool.IsExcluded(address))
        {
            return $"static address {text} is excluded from pool '{pool.Name}' (network, broadcast or gateway)";
        }

        var holder = _users.Values.FirstOrDefault(u => u.StaticAddress == address && !string.Equals(u.Name, userName, StringComparison.OrdinalIgnoreCase));
        return holder is null ? "" : $"static address {text} is already reserved for user '{holder.Name}'";
    }

    private void Update(string name, Func<UserEntry, UserEntry> change)
    {
        if (_users.TryGetValue(name, out var user))
        {
            _users[user.Name] = change(user);
        }
    }
}
