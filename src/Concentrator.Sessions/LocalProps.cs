using Akka.Actor;

namespace Concentrator.Sessions;

/// <summary>
/// Props for actors made many times a second (a call makes seven): a factory delegate instead of
/// Props.Create's expression tree, which Akka turns into a reflective constructor call each time (8–13 % of a
/// node's CPU at high setup rates, measured with perf). Local only: such Props cannot be deployed remotely.
/// </summary>
public static class LocalProps
{
    public static Props Of<T>(Func<T> factory) where T : ActorBase => Props.CreateBy(new Producer<T>(factory));

    private sealed class Producer<T>(Func<T> factory) : IIndirectActorProducer where T : ActorBase
    {
        public Type ActorType => typeof(T);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
