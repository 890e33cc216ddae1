using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// Adds and removes IPv4 routes through an interface over rtnetlink (rtnetlink(7): RTM_NEWROUTE /
/// RTM_DELROUTE on a NETLINK_ROUTE socket) rather than spawning `ip route`: the concentrator needs
/// only "this prefix goes out of that interface", a 44-byte message and an acknowledgement.
/// Routes go into the main table of the network namespace of the thread that called
/// <see cref="Open"/>. Needs CAP_NET_ADMIN.
/// </summary>
public sealed unsafe class KernelRoutes : IDisposable
{
    // linux/netlink.h, linux/rtnetlink.h
    private const ushort NLMSG_ERROR = 2;
    private const ushort RTM_NEWROUTE = 24;
    private const ushort RTM_DELROUTE = 25;
    private const ushort NLM_F_REQUEST = 0x1;
    private const ushort NLM_F_ACK = 0x4;
    private const ushort NLM_F_REPLACE = 0x100;
    private const ushort NLM_F_CREATE = 0x400;
    private const byte RT_TABLE_MAIN = 254;
    private const byte RTPROT_STATIC = 4;
    private const byte RT_SCOPE_LINK = 253;
    private const byte RT_SCOPE_NOWHERE = 255;
    private const byte RTN_UNICAST = 1;
    private const ushort RTA_DST = 1;
    private const ushort RTA_OIF = 4;
    private const int HeaderSize = 16;
    private const int RtMsgSize = 12;
    private const int MessageSize = HeaderSize + RtMsgSize + 8 + 8;

    // Netlink headers are in host byte order; only the address attribute is in network order.
    private readonly SafeSocketHandle _handle;
    private readonly Lock _lock = new();
    private uint _sequence;

    private KernelRoutes(SafeSocketHandle handle) => _handle = handle;

    public static KernelRoutes Open()
    {
        var fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        if (fd < 0)
        {
            throw LinuxIoException.FromLastError("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)");
        }
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        // The kernel answers at once; the timeout only keeps a lost answer from hanging the caller.
        var timeout = new Libc.TimeVal { Seconds = 5 };
        if (Libc.setsockopt(handle, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, &timeout, (uint)sizeof(Libc.TimeVal)) != 0)
        {
            var error = LinuxIoException.FromLastError("setsockopt(netlink, SO_RCVTIMEO)");
            handle.Dispose();
            throw error;
        }
        return new KernelRoutes(handle);
    }

    /// <summary>
    /// Routes <paramref name="destination"/>/<paramref name="prefixLength"/> out of interface
    /// <paramref name="interfaceIndex"/> (scope link, protocol static). Replaces an existing route
    /// to the same prefix, so calling it twice is harmless. The interface must be up.
    /// </summary>
    public void Add(IPAddress destination, int prefixLength, int interfaceIndex) =>
        Request(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, destination, prefixLength, interfaceIndex, ignoreMissing: false);

    /// <summary>Removes the route to the prefix through that interface; a route that is not there is not an error.</summary>
    public void Delete(IPAddress destination, int prefixLength, int interfaceIndex) =>
        Request(RTM_DELROUTE, 0, destination, prefixLength, interfaceIndex, ignoreMissing: true);

    public void Dispose() => _handle.Dispose();

    private void Request(ushort type, ushort extraFlags, IPAddress destination, int prefixLength, int interfaceIndex, bool ignoreMissing)
    {
        var mask = Ipv4.PrefixToMask(prefixLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(interfaceIndex, 1);
        var network = Ipv4.ToUInt32(destination) & mask;
        var what = $"rtnetlink {(type == RTM_NEWROUTE ? "RTM_NEWROUTE" : "RTM_DELROUTE")} {Ipv4.ToIPAddress(network)}/{prefixLength} dev #{interfaceIndex}";
        lock (_lock)
        {
            var sequence = ++_sequence;
            Span<byte> message = stackalloc byte[MessageSize];
            message.Clear();
            // struct nlmsghdr
            MemoryMarshal.Write(message, (uint)MessageSize);
            MemoryMarshal.Write(message[4..], type);
            MemoryMarshal.Write(message[6..], (ushort)(NLM_F_REQUEST | NLM_F_ACK | extraFlags));
            MemoryMarshal.Write(message[8..], sequence);
            // struct rtmsg
            var rtmsg = message[HeaderSize..];
            rtmsg[0] = Libc.AF_INET;
            rtmsg[1] = (byte)prefixLength;
            rtmsg[4] = RT_TABLE_MAIN;
            rtmsg[5] = type == RTM_NEWROUTE ? RTPROT_STATIC : (byte)0;
            rtmsg[6] = type == RTM_NEWROUTE ? RT_SCOPE_LINK : RT_SCOPE_NOWHERE;
            rtmsg[7] = type == RTM_NEWROUTE ? RTN_UNICAST : (byte)0;
            // struct rtattr RTA_DST (address in network order), RTA_OIF (int)
            var attributes = rtmsg[RtMsgSize..];
            MemoryMarshal.Write(attributes, (ushort)8);
            MemoryMarshal.Write(attributes[2..], (ushort)RTA_DST);
            BinaryPrimitives.WriteUInt32BigEndian(attributes[4..], network);
            MemoryMarshal.Write(attributes[8..], (ushort)8);
            MemoryMarshal.Write(attributes[10..], (ushort)RTA_OIF);
            MemoryMarshal.Write(attributes[12..], interfaceIndex);
            Exchange(message, sequence, what, ignoreMissing);
        }
    }

    private void Exchange(ReadOnlySpan<byte> message, uint sequence, string what, bool ignoreMissing)
    {
        // struct sockaddr_nl { family, pad, pid = 0 (the kernel), groups = 0 }
        var kernel = stackalloc byte[12];
        new Span<byte>(kernel, 12).Clear();
        *(ushort*)kernel = Libc.AF_NETLINK;
        fixed (byte* data = message)
        {
            if (Libc.sendto(_handle, data, (nuint)message.Length, 0, kernel, 12) < 0)
            {
                throw LinuxIoException.FromLastError($"sendto({what})");
            }
        }
        var reply = stackalloc byte[1024];
        while (true)
        {
            var received = Libc.recvfrom(_handle, reply, 1024, 0, null, null);
            if (received < 0)
            {
                var errno = Libc.LastError;
                if (errno == Errno.EINTR)
                {
                    continue;
                }
                throw new LinuxIoException($"recv({what})", errno, errno == Errno.EAGAIN ? "the kernel did not acknowledge the request within 5 s" : null);
            }
            var answer = new ReadOnlySpan<byte>(reply, (int)received);
            if (answer.Length < HeaderSize + 4
                || MemoryMarshal.Read<ushort>(answer[4..]) != NLMSG_ERROR
                || MemoryMarshal.Read<uint>(answer[8..]) != sequence)
            {
                continue;
            }
            var error = (Errno)(-MemoryMarshal.Read<int>(answer[HeaderSize..]));
            if (error == Errno.None || (ignoreMissing && error == Errno.ESRCH))
            {
                return;
            }
            throw new LinuxIoException(what, error, error switch
            {
                Errno.ENETDOWN => "bring the interface up before routing through it",
                Errno.ENODEV => "no interface with that index in this network namespace",
                Errno.ESRCH => "there is no such route",
                _ => null,
            });
        }
    }
}
