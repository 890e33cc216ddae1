using Akka.Actor;
using Concentrator.Cluster.Membership;
using Concentrator.Sessions.Routing;

namespace Concentrator.Cluster.Sessions;

/// <summary>
/// The sessions of the whole cluster, from any node: asks every member's session directory
/// (/user/sessions) and gathers the answers, so the view is always current. A node that does not answer
/// in time is named in the result rather than failing the whole question.
/// </summary>
public sealed class ClusterSessions(ActorSystem system, TimeSpan timeout)
{
    /// <summary>Every session the reachable nodes have, and the nodes that did not answer.</summary>
    public async Task<(IReadOnlyList<SessionSnapshot> Sessions, IReadOnlyList<string> Silent)> ListAsync()
    {
        var answers = await AskAllAsync<SessionList>("sessions", ListSessions.Instance).ConfigureAwait(false);
        return (answers.SelectMany(a => a.Answer?.Sessions ?? []).ToList(), answers.Where(a => a.Answer is null).Select(a => a.Node).ToList());
    }

    /// <summary>Ends the matching sessions wherever they live; the number ended.</summary>
    public async Task<int> KickAsync(KickSessions kick)
    {
        var answers = await AskAllAsync<SessionsKicked>("sessions", kick).ConfigureAwait(false);
        return answers.Sum(a => a.Answer?.Count ?? 0);
    }

    /// <summary>Asks the actor at /user/<paramref name="name"/> on every member that can have sessions.</summary>
    public async Task<IReadOnlyList<(string Node, T? Answer)>> AskAllAsync<T>(string name, object question)
        where T : class
    {
        var members = Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.HasRole(ClusterNodeSettings.Role) && m.Status != Akka.Cluster.MemberStatus.Removed)
            .ToList();
        var asks = members.Select(async m =>
        {
            var node = ClusterNodeSettings.NodeIdOf(m.Roles) ?? m.Address.ToString();
            try
            {
                var target = system.ActorSelection(new RootActorPath(m.Address) / "user" / name);
                return (node, await target.Ask<T>(question, timeout).ConfigureAwait(false));
            }
            catch (AskTimeoutException)
            {
                return (node, (T?)null);
            }
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }
}
