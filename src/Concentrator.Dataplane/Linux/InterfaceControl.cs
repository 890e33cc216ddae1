using System.Net;
using System.Net.Sockets;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// Configures network interfaces with the classic ioctls (netdevice(7)) on an AF_INET datagram
/// socket, without spawning processes: index, MTU, up/down, IPv4 address, netmask and
/// point-to-point peer. The socket, and therefore every call, acts on the network namespace of the
/// thread that called <see cref="Open"/>. Setting needs CAP_NET_ADMIN; reading does not.
/// </summary>
public sealed unsafe class InterfaceControl : IDisposable
{
    private readonly SafeSocketHandle _handle;

    private InterfaceControl(SafeSocketHandle handle) => _handle = handle;

    public static InterfaceControl Open()
    {
        var fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw LinuxIoException.FromLastError("socket(AF_INET, SOCK_DGRAM, 0)");
        }
        return new InterfaceControl(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>The interface index (SIOCGIFINDEX); throws with ENODEV when there is no such interface.</summary>
    public int GetIndex(string name) => Get(name, Libc.SIOCGIFINDEX, "SIOCGIFINDEX").Int;

    /// <summary>True when an interface of that name exists in this namespace.</summary>
    public bool Exists(string name)
    {
        var request = Libc.IfReq.For(name);
        return Libc.ioctl(_handle, Libc.SIOCGIFINDEX, &request) == 0;
    }

    public int GetMtu(string name) => Get(name, Libc.SIOCGIFMTU, "SIOCGIFMTU").Int;

    public void SetMtu(string name, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        var request = Libc.IfReq.For(name);
        request.Int = mtu;
        Set(ref request, Libc.SIOCSIFMTU, $"SIOCSIFMTU {mtu}");
    }

    public InterfaceFlags GetFlags(string name) => (InterfaceFlags)(ushort)Get(name, Libc.SIOCGIFFLAGS, "SIOCGIFFLAGS").Flags;

    /// <summary>Brings the interface up or down (read-modify-write of IFF_UP, SIOCSIFFLAGS).</summary>
    public void SetUp(string name, bool up = true)
    {
        var request = Get(name, Libc.SIOCGIFFLAGS, "SIOCGIFFLAGS");
        var flags = (InterfaceFlags)(ushort)request.Flags;
        flags = up ? flags | InterfaceFlags.Up : flags & ~InterfaceFlags.Up;
        request.Flags = (short)(ushort)flags;
        Set(ref request, Libc.SIOCSIFFLAGS, up ? "SIOCSIFFLAGS up" : "SIOCSIFFLAGS down");
    }

    /// <summary>
    /// Sets the interface's primary IPv4 address and prefix (SIOCSIFADDR, then SIOCSIFNETMASK).
    /// The kernel adds the connected route of the prefix when the interface is up.
    /// </summary>
    public void SetAddress(string name, IPAddress address, int prefixLength)
    {
        var mask = Ipv4.PrefixToMask(prefixLength);
        var request = Libc.IfReq.For(name);
        request.Address = Libc.SockAddrIn.For(Ipv4.ToUInt32(address));
        Set(ref request, Libc.SIOCSIFADDR, $"SIOCSIFADDR {address}");
        request = Libc.IfReq.For(name);
        request.Address = Libc.SockAddrIn.For(mask);
        Set(ref request, Libc.SIOCSIFNETMASK, $"SIOCSIFNETMASK /{prefixLength}");
    }

    public IPAddress GetAddress(string name) => ReadAddress(name, Libc.SIOCGIFADDR, "SIOCGIFADDR");

    public IPAddress GetNetmask(string name) => ReadAddress(name, Libc.SIOCGIFNETMASK, "SIOCGIFNETMASK");

    /// <summary>Sets the peer address of a point-to-point interface such as a TUN (SIOCSIFDSTADDR).</summary>
    public void SetPeer(string name, IPAddress peer)
    {
        var request = Libc.IfReq.For(name);
        request.Address = Libc.SockAddrIn.For(Ipv4.ToUInt32(peer));
        Set(ref request, Libc.SIOCSIFDSTADDR, $"SIOCSIFDSTADDR {peer}");
    }

    public IPAddress GetPeer(string name) => ReadAddress(name, Libc.SIOCGIFDSTADDR, "SIOCGIFDSTADDR");

    public void Dispose() => _handle.Dispose();

    private IPAddress ReadAddress(string name, uint request, string what) =>
        Ipv4.ToIPAddress(Get(name, request, what).Address.HostOrderAddress);

    private Libc.IfReq Get(string name, uint requestCode, string what)
    {
        var request = Libc.IfReq.For(name);
        if (Libc.ioctl(_handle, requestCode, &request) != 0)
        {
            throw Failure(name, what);
        }
        return request;
    }

    private void Set(ref Libc.IfReq request, uint requestCode, string what)
    {
        fixed (Libc.IfReq* pointer = &request)
        {
            if (Libc.ioctl(_handle, requestCode, pointer) != 0)
            {
                throw Failure(request.GetName(), what);
            }
        }
    }

    private static LinuxIoException Failure(string name, string what)
    {
        var errno = Libc.LastError;
        return new LinuxIoException(
            $"ioctl({what}, \"{name}\")",
            errno,
            errno == Errno.ENODEV ? $"there is no interface \"{name}\" in this network namespace" : null);
    }
}
