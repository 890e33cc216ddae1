using System.Runtime.InteropServices;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>Drops effective capabilities of the calling thread only (capabilities are per thread in Linux).</summary>
internal static unsafe partial class ThreadCapabilities
{
    private const uint Version3 = 0x20080522; // _LINUX_CAPABILITY_VERSION_3

    public static void DropEffective(params int[] capabilities)
    {
        var header = stackalloc uint[2] { Version3, 0 };
        var data = stackalloc uint[6]; // 2 x { effective, permitted, inheritable }
        if (capget(header, data) != 0)
        {
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        }
        foreach (var capability in capabilities)
        {
            data[capability / 32 * 3] &= ~(1u << (capability % 32));
        }
        if (capset(header, data) != 0)
        {
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int capget(uint* header, uint* data);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int capset(uint* header, uint* data);
}
