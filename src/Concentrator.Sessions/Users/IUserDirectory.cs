namespace Concentrator.Sessions.Users;

/// <summary>The user directory as the session actors see it: a lookup by login name.</summary>
public interface IUserDirectory
{
    /// <summary>Finds a user by name, ignoring case; null when there is no such user.</summary>
    Task<UserRecord?> FindAsync(string name, CancellationToken cancellationToken);
}
