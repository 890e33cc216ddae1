using Microsoft.Extensions.ObjectPool;

namespace Concentrator.Sessions.DataPath;

/// <summary>The process-wide pool of <see cref="PacketBatch"/>es; lock-free and allocation-free once warm.</summary>
public static class PacketBatchPool
{
    private sealed class Policy : PooledObjectPolicy<PacketBatch>
    {
        public override PacketBatch Create() => new();

        public override bool Return(PacketBatch batch)
        {
            batch.Clear();
            return true;
        }
    }

    private static readonly ObjectPool<PacketBatch> Pool =
        new DefaultObjectPool<PacketBatch>(new Policy(), maximumRetained: 4096);

    public static PacketBatch Rent() => Pool.Get();

    public static void Return(PacketBatch batch) => Pool.Return(batch);
}
