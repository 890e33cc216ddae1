using System.Net;

namespace Concentrator.Sessions.Users;

/// <summary>
/// What the concentrator knows about a user: never the password, only its NT hash
/// (MD4 of the UTF-16LE password, RFC 2759 §8.3), which is all MS-CHAPv2 needs.
/// </summary>
/// <param name="Name">The login name as the operator created it (lookups ignore case).</param>
/// <param name="NtHash">16 bytes.</param>
/// <param name="AllowVpn">"Allow remote access via VPN": without it the right password is refused (E=649).</param>
/// <param name="Disabled">A disabled account is refused (E=647).</param>
/// <param name="StaticAddress">An address reserved for this user, handed out instead of one from the pool.</param>
public sealed record UserRecord(string Name, byte[] NtHash, bool AllowVpn, bool Disabled, IPAddress? StaticAddress);
