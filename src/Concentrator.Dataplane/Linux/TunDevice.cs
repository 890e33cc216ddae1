using System.Net;
using Microsoft.Win32.SafeHandles;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// A layer-3 TUN interface (Documentation/networking/tuntap.rst): /dev/net/tun opened once per
/// queue, TUNSETIFF with IFF_TUN | IFF_NO_PI, and IFF_MULTI_QUEUE when there is more than one
/// queue (the kernel spreads flows over the queues; give each queue its own reader thread).
/// The interface is created in the network namespace of the calling thread and is not persistent:
/// it disappears when the last queue closes, unless <see cref="SetPersistent"/> was called.
/// Configuration goes through the ioctls of <see cref="InterfaceControl"/>; routes through
/// <see cref="KernelRoutes"/>. Needs CAP_NET_ADMIN.
/// </summary>
public sealed unsafe class TunDevice : IDisposable
{
    /// <summary>The kernel's limit on queues per TUN device (MAX_TAP_QUEUES).</summary>
    public const int MaxQueues = 256;

    private const string TunPath = "/dev/net/tun";

    private readonly TunQueue[] _queues;
    private readonly SafeFileHandle[] _handles;
    private readonly SafeFileHandle _stop;
    private readonly InterfaceControl _control;
    private volatile bool _disposed;

    private TunDevice(string name, SafeFileHandle[] handles, SafeFileHandle stop, InterfaceControl control)
    {
        Name = name;
        _handles = handles;
        _stop = stop;
        _control = control;
        _queues = new TunQueue[handles.Length];
        for (var i = 0; i < handles.Length; i++)
        {
            _queues[i] = new TunQueue(this, i, handles[i], stop);
        }
        InterfaceIndex = control.GetIndex(name);
    }

    /// <summary>The interface's name as the kernel gave it ("pptp%d" patterns resolved).</summary>
    public string Name { get; }

    public int InterfaceIndex { get; }

    public IReadOnlyList<TunQueue> Queues => _queues;

    public bool IsMultiQueue => _queues.Length > 1;

    public bool IsDisposed => _disposed;

    /// <summary>
    /// Creates (or attaches to an existing persistent) TUN interface <paramref name="name"/> with
    /// <paramref name="queueCount"/> queues in the calling thread's network namespace.
    /// </summary>
    public static TunDevice Create(string name, int queueCount = 1)
    {
        InterfaceName.Validate(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueCount, MaxQueues);
        var flags = (short)(Libc.IFF_TUN | Libc.IFF_NO_PI | (queueCount > 1 ? Libc.IFF_MULTI_QUEUE : 0));
        var handles = new List<SafeFileHandle>(queueCount);
        SafeFileHandle? stop = null;
        InterfaceControl? control = null;
        try
        {
            var actualName = name;
            for (var i = 0; i < queueCount; i++)
            {
                var handle = OpenTun();
                handles.Add(handle);
                var request = Libc.IfReq.For(actualName);
                request.Flags = flags;
                if (Libc.ioctl(handle, Libc.TUNSETIFF, &request) != 0)
                {
                    var errno = Libc.LastError;
                    throw new LinuxIoException($"ioctl(TUNSETIFF, \"{actualName}\", queue {i})", errno, errno switch
                    {
                        Errno.EPERM or Errno.EACCES => "creating a TUN interface needs CAP_NET_ADMIN: " + LinuxIoException.PrivilegeHint,
                        Errno.EBUSY => $"an interface named \"{actualName}\" already exists and is in use (another process, or a TUN without IFF_MULTI_QUEUE)",
                        Errno.EINVAL => $"an interface named \"{actualName}\" exists with other flags (single/multi-queue, TUN/TAP) or the name is invalid",
                        _ => null,
                    });
                }
                actualName = request.GetName();
            }
            var eventFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            if (eventFd < 0)
            {
                throw LinuxIoException.FromLastError("eventfd()");
            }
            stop = new SafeFileHandle(eventFd, ownsHandle: true);
            control = InterfaceControl.Open();
            return new TunDevice(actualName, [.. handles], stop, control);
        }
        catch
        {
            control?.Dispose();
            stop?.Dispose();
            foreach (var handle in handles)
            {
                handle.Dispose();
            }
            throw;
        }
    }

    public int GetMtu() => _control.GetMtu(Name);

    public void SetMtu(int mtu) => _control.SetMtu(Name, mtu);

    public InterfaceFlags GetFlags() => _control.GetFlags(Name);

    public void SetUp(bool up = true) => _control.SetUp(Name, up);

    /// <summary>Sets the local IPv4 address and prefix; with the interface up the kernel routes the prefix to it.</summary>
    public void SetAddress(IPAddress address, int prefixLength) => _control.SetAddress(Name, address, prefixLength);

    /// <summary>Sets the point-to-point peer address (a /32 route to the peer through this interface).</summary>
    public void SetPeer(IPAddress peer) => _control.SetPeer(Name, peer);

    /// <summary>
    /// TUNSETPERSIST: a persistent interface outlives its queues (and this process) until made
    /// non-persistent again; the default is not persistent.
    /// </summary>
    public void SetPersistent(bool persistent)
    {
        if (Libc.ioctl(_handles[0], Libc.TUNSETPERSIST, (void*)(persistent ? 1 : 0)) != 0)
        {
            throw LinuxIoException.FromLastError($"ioctl(TUNSETPERSIST {(persistent ? 1 : 0)}, \"{Name}\")");
        }
    }

    /// <summary>
    /// Wakes every reader (their Read returns 0), then closes the queues: the interface disappears
    /// unless it was made persistent. Idempotent. The kernel removes it when the last reference to
    /// the queue files goes, and a child process being forked at that moment (Process.Start) holds
    /// copies of all descriptors until its exec, so removal can lag by that long.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        var one = 1UL;
        Libc.write(_stop, (byte*)&one, sizeof(ulong));
        foreach (var handle in _handles)
        {
            handle.Dispose();
        }
        _control.Dispose();
        _stop.Dispose();
    }

    private static SafeFileHandle OpenTun()
    {
        var fd = Libc.open(TunPath, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Libc.LastError;
            throw new LinuxIoException($"open(\"{TunPath}\")", errno, errno switch
            {
                Errno.ENOENT or Errno.ENODEV or Errno.ENXIO => "the kernel has no TUN support loaded: modprobe tun (in a container, pass the device: --device /dev/net/tun)",
                Errno.EPERM or Errno.EACCES => LinuxIoException.PrivilegeHint,
                _ => null,
            });
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
