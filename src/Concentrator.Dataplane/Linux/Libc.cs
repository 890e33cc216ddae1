using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// The libc calls and kernel constants the dataplane uses. Constants are those of x86_64 and arm64
/// (asm-generic); other architectures (mips, powerpc, sparc) number some socket options differently
/// and are not supported. Calls taking a SafeHandle hold a reference to it for the duration of the
/// call, so a concurrent Dispose defers the close(2) until the call has returned.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    // socket(2) families, types, protocols
    internal const int AF_INET = 2;
    internal const int AF_NETLINK = 16;
    internal const int SOCK_DGRAM = 2;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int IPPROTO_GRE = 47;
    internal const int NETLINK_ROUTE = 0;

    // socket options (asm-generic/socket.h)
    internal const int SOL_SOCKET = 1;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_RCVTIMEO = 20;
    internal const int SO_SNDBUFFORCE = 32;
    internal const int SO_RCVBUFFORCE = 33;

    // send/recv flags, shutdown(2)
    internal const int MSG_TRUNC = 0x20;
    internal const int MSG_WAITFORONE = 0x10000;
    internal const int SHUT_RDWR = 2;

    // open(2), eventfd(2), poll(2), setns(2)
    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;
    internal const int EFD_CLOEXEC = 0x80000;
    internal const short POLLIN = 0x1;
    internal const int CLONE_NEWNET = 0x40000000;

    // TUN ioctls (linux/if_tun.h): _IOW('T', nr, int)
    internal const uint TUNSETIFF = 0x400454CA;
    internal const uint TUNSETPERSIST = 0x400454CB;
    internal const short IFF_TUN = 0x0001;
    internal const short IFF_MULTI_QUEUE = 0x0100;
    internal const short IFF_NO_PI = 0x1000;

    // interface ioctls (linux/sockios.h)
    internal const uint SIOCGIFFLAGS = 0x8913;
    internal const uint SIOCSIFFLAGS = 0x8914;
    internal const uint SIOCGIFADDR = 0x8915;
    internal const uint SIOCSIFADDR = 0x8916;
    internal const uint SIOCGIFDSTADDR = 0x8917;
    internal const uint SIOCSIFDSTADDR = 0x8918;
    internal const uint SIOCGIFNETMASK = 0x891B;
    internal const uint SIOCSIFNETMASK = 0x891C;
    internal const uint SIOCGIFMTU = 0x8921;
    internal const uint SIOCSIFMTU = 0x8922;
    internal const uint SIOCGIFINDEX = 0x8933;

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int shutdown(SafeSocketHandle fd, int how);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int bind(SafeSocketHandle fd, void* address, uint addressLength);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int setsockopt(SafeSocketHandle fd, int level, int name, void* value, uint length);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getsockopt(SafeSocketHandle fd, int level, int name, void* value, uint* length);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint sendto(SafeSocketHandle fd, byte* buffer, nuint length, int flags, void* address, uint addressLength);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint recvfrom(SafeSocketHandle fd, byte* buffer, nuint length, int flags, void* address, uint* addressLength);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int recvmmsg(SafeSocketHandle fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int sendmmsg(SafeSocketHandle fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl(SafeSocketHandle fd, nuint request, void* argument);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl(SafeFileHandle fd, nuint request, void* argument);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint read(SafeFileHandle fd, byte* buffer, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint write(SafeFileHandle fd, byte* buffer, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int eventfd(uint initialValue, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int setns(SafeFileHandle fd, int namespaceType);

    [LibraryImport(Lib)]
    internal static partial uint geteuid();

    internal static Errno LastError => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>struct sockaddr_in; <see cref="Address"/> and <see cref="Port"/> in network order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;
        public ulong Zero;

        public static SockAddrIn For(uint hostOrderAddress) => new()
        {
            Family = AF_INET,
            Address = Swap(hostOrderAddress),
        };

        /// <summary><see cref="Address"/> in host order: 10.0.0.1 is 0x0A000001.</summary>
        public readonly uint HostOrderAddress => Swap(Address);

        /// <summary>Host order to network order in memory and back: the same swap (none on a big-endian machine).</summary>
        private static uint Swap(uint address) =>
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(address) : address;
    }

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (56 bytes on LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr (64 bytes on LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>struct timeval (64-bit time_t).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>struct ifreq (40 bytes): a 16-byte interface name and a 24-byte union.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    internal struct IfReq
    {
        public const int NameSize = 16;

        [FieldOffset(0)]
        public fixed byte Name[NameSize];

        [FieldOffset(16)]
        public short Flags;

        [FieldOffset(16)]
        public int Int;

        [FieldOffset(16)]
        public SockAddrIn Address;

        /// <summary>An ifreq naming <paramref name="interfaceName"/> (checked by <see cref="InterfaceName.Validate"/>).</summary>
        public static IfReq For(string interfaceName)
        {
            InterfaceName.Validate(interfaceName);
            var request = default(IfReq);
            for (var i = 0; i < interfaceName.Length; i++)
            {
                request.Name[i] = (byte)interfaceName[i];
            }
            return request;
        }

        public readonly string GetName()
        {
            var length = 0;
            while (length < NameSize && Name[length] != 0)
            {
                length++;
            }
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = (char)Name[i];
            }
            return new string(chars);
        }
    }
}
