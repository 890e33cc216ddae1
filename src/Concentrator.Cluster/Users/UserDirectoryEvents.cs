using Concentrator.Cluster.Serialization;

namespace Concentrator.Cluster.Users;

/// <summary>A user as the directory stores it: the NT hash (RFC 2759 §8.3), never the password.</summary>
/// <param name="Name">The login name as the operator created it.</param>
/// <param name="NtHash">MD4 of the UTF-16LE password, 16 bytes.</param>
/// <param name="AllowVpn">"Allow remote access via VPN".</param>
/// <param name="Disabled">A disabled account is refused.</param>
/// <param name="StaticAddress">The user's reserved IPv4 address (host order), or null.</param>
public sealed record UserEntry(string Name, byte[] NtHash, bool AllowVpn, bool Disabled, uint? StaticAddress);

/// <summary>An event in the user directory's journal.</summary>
public interface IUserDirectoryEvent : IConcentratorMessage;

public sealed record UserAdded(UserEntry User) : IUserDirectoryEvent;

public sealed record UserPasswordSet(string Name, byte[] NtHash) : IUserDirectoryEvent;

public sealed record UserVpnAccessSet(string Name, bool AllowVpn) : IUserDirectoryEvent;

public sealed record UserDisabled(string Name) : IUserDirectoryEvent;

public sealed record UserEnabled(string Name) : IUserDirectoryEvent;

public sealed record UserStaticAddressSet(string Name, uint? StaticAddress) : IUserDirectoryEvent;

public sealed record UserRemoved(string Name) : IUserDirectoryEvent;

/// <summary>The directory's whole state, saved every so many events.</summary>
public sealed record UserDirectorySnapshot(IReadOnlyList<UserEntry> Users) : IConcentratorMessage;
