using System.Net;

namespace Concentrator.Sessions.Policy;

/// <summary>
/// The brute-force guard as the sessions see it: the listener asks <see cref="IsBanned"/> before it
/// reads a byte, and the authenticator reports each failed login.
/// </summary>
public interface IBanList
{
    /// <summary>True while <paramref name="source"/> is banned.</summary>
    bool IsBanned(IPAddress source);

    /// <summary>The ban on <paramref name="source"/> in force now, if any (until when, and why).</summary>
    Ban? Find(IPAddress source);

    /// <summary>Records a failed login from <paramref name="source"/>; returns true when this failure banned it.</summary>
    bool ReportFailure(IPAddress source, string userName);
}
