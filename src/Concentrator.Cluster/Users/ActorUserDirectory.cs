using Akka.Actor;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.Users;

namespace Concentrator.Cluster.Users;

/// <summary>
/// <see cref="IUserDirectory"/> for the session layer, backed by the <see cref="UserDirectoryActor"/>.
/// A directory that does not answer in time raises <see cref="AskTimeoutException"/> (a backend error
/// to the authenticator, never "unknown user").
/// </summary>
public sealed class ActorUserDirectory(IActorRef directory, TimeSpan timeout) : IUserDirectory
{
    public async Task<UserRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var result = await directory.Ask<UserLookupResult>(new FindUser(name), timeout, cancellationToken);
        return result.User is { } user
            ? new UserRecord(
                user.Name,
                (byte[])user.NtHash.Clone(),
                user.AllowVpn,
                user.Disabled,
                user.StaticAddress is { } address ? Ipv4.ToIPAddress(address) : null)
            : null;
    }
}
