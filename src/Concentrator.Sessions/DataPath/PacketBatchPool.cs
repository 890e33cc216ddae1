using Microsoft.Extensions.ObjectPool;

namespace Concentrator.Sessions.DataPath;

/// <summary>
/// The process-wide pool of <see cref="PacketBatch"/>es; lock-free and allocation-free once warm. It retains
/// up to 8,192 batches (128 MiB at most, only if a peak ever needed them): with 64 busy calls each allowed 64
/// queued batches per direction, 4,096 was too few and the pool kept making new ones under load.
/// </summary>
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
        new DefaultObjectPool<PacketBatch>(new Policy(), maximumRetained: 8192);

    public static PacketBatch Rent() => Pool.Get();

    public static void Return(PacketBatch batch) => Pool.Return(batch);
}
