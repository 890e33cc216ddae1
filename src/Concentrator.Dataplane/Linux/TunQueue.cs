using System.Diagnostics;
using Concentrator.Sessions.Transport;
using Microsoft.Win32.SafeHandles;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// One queue (one file descriptor) of a <see cref="TunDevice"/>: whole IPv4/IPv6 packets without
/// any prefix (IFF_NO_PI). Reads block a dedicated thread (non-blocking read, then poll(2) on the
/// queue and on the device's stop eventfd) and return 0 on timeout or once the device is disposed;
/// writes are thread-safe and never block. Neither allocates.
/// </summary>
public sealed unsafe class TunQueue : IPacketSink
{
    private readonly TunDevice _device;
    private readonly SafeFileHandle _handle;
    private readonly SafeFileHandle _stop;

    internal TunQueue(TunDevice device, int index, SafeFileHandle handle, SafeFileHandle stop)
    {
        _device = device;
        Index = index;
        _handle = handle;
        _stop = stop;
    }

    public int Index { get; }

    /// <summary>The queue's descriptor (opened O_NONBLOCK), for callers that poll or epoll themselves.</summary>
    public SafeFileHandle Handle => _handle;

    /// <summary>Reads one packet, waiting until one arrives or the device is disposed (then 0).</summary>
    public int Read(Span<byte> packet) => Read(packet, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Reads one packet into <paramref name="packet"/> and returns its length; 0 when
    /// <paramref name="timeout"/> passed or the device was disposed. A packet longer than the buffer
    /// is cut to the buffer's length (size buffers for the MTU).
    /// </summary>
    public int Read(Span<byte> packet, TimeSpan timeout)
    {
        if (packet.IsEmpty)
        {
            throw new ArgumentException("the buffer must have room for a packet", nameof(packet));
        }
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        if (!infinite && timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "a timeout must be non-negative or Timeout.InfiniteTimeSpan");
        }
        var deadline = infinite ? 0 : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        try
        {
            fixed (byte* data = packet)
            {
                while (!_device.IsDisposed)
                {
                    var read = Libc.read(_handle, data, (nuint)packet.Length);
                    if (read > 0)
                    {
                        // The kernel reports the whole packet's length even when it cut it.
                        return (int)Math.Min(read, packet.Length);
                    }
                    var errno = read == 0 ? Errno.EAGAIN : Libc.LastError;
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }
                    if (errno != Errno.EAGAIN)
                    {
                        if (_device.IsDisposed)
                        {
                            return 0;
                        }
                        throw new LinuxIoException($"read(TUN {_device.Name} queue {Index})", errno);
                    }
                    var waitMilliseconds = -1;
                    if (!infinite)
                    {
                        var remaining = deadline - Stopwatch.GetTimestamp();
                        if (remaining <= 0)
                        {
                            return 0;
                        }
                        waitMilliseconds = (int)Math.Min(int.MaxValue, Math.Max(1, remaining * 1000 / Stopwatch.Frequency));
                    }
                    if (!WaitReadable(waitMilliseconds))
                    {
                        return 0;
                    }
                }
                return 0;
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>Injects one IP packet into the kernel as if it arrived on the interface.</summary>
    public void Write(ReadOnlySpan<byte> ipPacket)
    {
        if (!TryWrite(ipPacket, out var errno))
        {
            throw new LinuxIoException(
                $"write(TUN {_device.Name} queue {Index}, {ipPacket.Length} bytes)",
                errno,
                errno == Errno.EINVAL ? "the kernel rejected the bytes as an IP packet (bad version or length)" : null);
        }
    }

    /// <summary>Like <see cref="Write"/> but reports the errno instead of throwing, for the data path.</summary>
    public bool TryWrite(ReadOnlySpan<byte> ipPacket, out Errno error)
    {
        fixed (byte* data = ipPacket)
        {
            while (true)
            {
                var written = Libc.write(_handle, data, (nuint)ipPacket.Length);
                if (written >= 0)
                {
                    error = Errno.None;
                    return true;
                }
                error = Libc.LastError;
                if (error != Errno.EINTR)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// Waits for the queue to become readable; false on timeout or when the device stops, true to
    /// try the read again (also after a signal interrupted the wait: the caller recomputes the time left).
    /// </summary>
    private bool WaitReadable(int timeoutMilliseconds)
    {
        var queueReferenced = false;
        var stopReferenced = false;
        try
        {
            _handle.DangerousAddRef(ref queueReferenced);
            _stop.DangerousAddRef(ref stopReferenced);
            var fds = stackalloc Libc.PollFd[2];
            fds[0] = new Libc.PollFd { Fd = (int)_handle.DangerousGetHandle(), Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = (int)_stop.DangerousGetHandle(), Events = Libc.POLLIN };
            var ready = Libc.poll(fds, 2, timeoutMilliseconds);
            if (ready >= 0)
            {
                return ready > 0 && fds[1].ReturnedEvents == 0;
            }
            var errno = Libc.LastError;
            return errno == Errno.EINTR
                ? true
                : throw new LinuxIoException($"poll(TUN {_device.Name} queue {Index})", errno);
        }
        finally
        {
            if (stopReferenced)
            {
                _stop.DangerousRelease();
            }
            if (queueReferenced)
            {
                _handle.DangerousRelease();
            }
        }
    }
}
