using System.Net;

namespace Concentrator.Sessions.Policy;

/// <summary>A source address refused until <see cref="Until"/>.</summary>
/// <param name="Source">The banned address.</param>
/// <param name="Until">When the ban ends.</param>
/// <param name="Reason">Why ("6 failed logins in 15 min, last as 'bob'", or an operator's text).</param>
public sealed record Ban(IPAddress Source, DateTimeOffset Until, string Reason);
