using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Users;

/// <summary>A command that changes the directory; answered with <see cref="UserCommandResult"/>.</summary>
public interface IUserDirectoryCommand : IConcentratorMessage
{
    string Name { get; }
}

/// <summary>Creates a user. The CLI computes <paramref name="NtHash"/>; the password never reaches the cluster.</summary>
public sealed record AddUser(string Name, byte[] NtHash, bool AllowVpn, uint? StaticAddress) : IUserDirectoryCommand;

public sealed record SetPassword(string Name, byte[] NtHash) : IUserDirectoryCommand;

public sealed record SetAllowVpn(string Name, bool AllowVpn) : IUserDirectoryCommand;

public sealed record DisableUser(string Name) : IUserDirectoryCommand;

public sealed record EnableUser(string Name) : IUserDirectoryCommand;

/// <summary>Reserves an address for the user, or frees it (null).</summary>
public sealed record SetStaticAddress(string Name, uint? StaticAddress) : IUserDirectoryCommand;

public sealed record RemoveUser(string Name) : IUserDirectoryCommand;

/// <summary>The answer to a command: done (persisted), or refused with an operator-readable reason.</summary>
public sealed record UserCommandResult(bool Succeeded, string Error) : IConcentratorMessage
{
    public static readonly UserCommandResult Ok = new(true, "");

    public static UserCommandResult Refused(string error) => new(false, error);
}

/// <summary>Looks a user up by name, ignoring case; answered with <see cref="UserLookupResult"/>.</summary>
public sealed record FindUser(string Name) : IConcentratorMessage;

public sealed record UserLookupResult(UserEntry? User) : IConcentratorMessage;

/// <summary>Lists every user; answered with <see cref="UserListResult"/>.</summary>
public sealed class ListUsers : IConcentratorMessage
{
    public static readonly ListUsers Instance = new();

    private ListUsers()
    {
    }
}

public sealed record UserListResult(IReadOnlyList<UserEntry> Users) : IConcentratorMessage;
