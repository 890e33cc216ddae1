namespace Concentrator.Dataplane.Tests.Support;

internal static class Dispatchers
{
    /// <summary>
    /// Actors on Akka's fork-join executor (dedicated threads) instead of the .NET thread pool. Measured
    /// here (2 cores): while a sender thread and a receive or pump thread keep both cores busy, actors
    /// on the .NET thread pool got no turn for seconds (work items pending, pool workers asleep), so the
    /// rate tests would print 0; with dedicated threads they get their share.
    /// </summary>
    public const string DedicatedThreads = "akka.actor.default-dispatcher.executor = fork-join-executor";
}
