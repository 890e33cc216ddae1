using System.Net;
using System.Net.Sockets;
using Concentrator.Protocol.Ip;
using Concentrator.Sessions.Transport;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// A raw IPv4 socket for IP protocol 47 (GRE), opened with libc socket(AF_INET, SOCK_RAW, 47)
/// because .NET refuses that protocol in <see cref="Socket"/>'s constructor. Received datagrams
/// start with the IPv4 header (raw(7)); sends carry only GRE header and payload and the kernel
/// writes the IPv4 header (no IP_HDRINCL). The socket lives in the network namespace of the thread
/// that opened it (see <see cref="NetworkNamespace.Run{T}(string, Func{T})"/>) and can be used from
/// any thread afterwards; sends are thread-safe, each receiving thread needs its own buffer/batch.
/// ICMP errors caused by our sends (e.g. a client's protocol-unreachable) are not reported on an
/// unconnected raw socket without IP_RECVERR, so they can never fail a send or a receive.
/// </summary>
public sealed unsafe class RawGreSocket : IGreSender, IDisposable
{
    private readonly SafeSocketHandle _handle;
    private volatile bool _closed;
    private TimeSpan _receiveTimeout = Timeout.InfiniteTimeSpan;

    private RawGreSocket(SafeSocketHandle handle) => _handle = handle;

    /// <summary>Opens the socket in the calling thread's network namespace; needs CAP_NET_RAW.</summary>
    public static RawGreSocket Open()
    {
        var fd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_GRE);
        if (fd < 0)
        {
            var errno = Libc.LastError;
            throw new LinuxIoException(
                "socket(AF_INET, SOCK_RAW, 47)",
                errno,
                errno is Errno.EPERM or Errno.EACCES ? "run as root or grant CAP_NET_RAW (" + LinuxIoException.PrivilegeHint + ")" : null);
        }
        return new RawGreSocket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>The descriptor, for poll/epoll or to wrap in a <see cref="Socket"/>.</summary>
    public SafeSocketHandle Handle => _handle;

    /// <summary>True after <see cref="Dispose"/>: receive loops stop when a receive returns 0 and this is set.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// How long <see cref="Receive"/> and <see cref="ReceiveBatch"/> wait for the first datagram
    /// (SO_RCVTIMEO) before returning 0; <see cref="Timeout.InfiniteTimeSpan"/> (the default) waits
    /// until a datagram arrives or the socket is disposed.
    /// </summary>
    public TimeSpan ReceiveTimeout
    {
        get => _receiveTimeout;
        set
        {
            if (value != Timeout.InfiniteTimeSpan && value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "a receive timeout must be positive or Timeout.InfiniteTimeSpan");
            }
            var microseconds = value == Timeout.InfiniteTimeSpan ? 0 : Math.Max(1, value.Ticks / 10);
            var timeval = new Libc.TimeVal { Seconds = microseconds / 1_000_000, Microseconds = microseconds % 1_000_000 };
            SetOption(Libc.SO_RCVTIMEO, &timeval, sizeof(Libc.TimeVal), "setsockopt(SO_RCVTIMEO)");
            _receiveTimeout = value;
        }
    }

    /// <summary>
    /// SO_RCVBUF in bytes. Setting tries SO_RCVBUFFORCE first (CAP_NET_ADMIN, ignores
    /// net.core.rmem_max) and falls back to SO_RCVBUF (capped at rmem_max). Reading returns the
    /// kernel's value, which is twice the size asked for (socket(7): bookkeeping overhead).
    /// </summary>
    public int ReceiveBufferSize
    {
        get => GetIntOption(Libc.SO_RCVBUF, "getsockopt(SO_RCVBUF)");
        set => SetBufferSize(Libc.SO_RCVBUFFORCE, Libc.SO_RCVBUF, value, "SO_RCVBUF");
    }

    /// <summary>SO_SNDBUF in bytes, set like <see cref="ReceiveBufferSize"/> (SO_SNDBUFFORCE, then SO_SNDBUF).</summary>
    public int SendBufferSize
    {
        get => GetIntOption(Libc.SO_SNDBUF, "getsockopt(SO_SNDBUF)");
        set => SetBufferSize(Libc.SO_SNDBUFFORCE, Libc.SO_SNDBUF, value, "SO_SNDBUF");
    }

    /// <summary>Binds to a local IPv4 address: only GRE sent to that address is received, and sends use it as source.</summary>
    public void Bind(IPAddress localAddress) => Bind(Ipv4.ToUInt32(localAddress));

    /// <inheritdoc cref="Bind(IPAddress)"/>
    public void Bind(uint localAddress)
    {
        var address = Libc.SockAddrIn.For(localAddress);
        if (Libc.bind(_handle, &address, (uint)sizeof(Libc.SockAddrIn)) != 0)
        {
            var errno = Libc.LastError;
            throw new LinuxIoException(
                $"bind(GRE socket, {Ipv4.ToIPAddress(localAddress)})",
                errno,
                errno == Errno.EADDRNOTAVAIL ? "the address is not configured on any interface of this network namespace" : null);
        }
    }

    /// <summary>
    /// Receives one datagram (IPv4 header + GRE) into <paramref name="buffer"/>, waiting at most
    /// <see cref="ReceiveTimeout"/>. Returns its length, or 0 when the timeout passed or the socket
    /// was disposed (an IPv4 datagram is never empty). A datagram longer than the buffer is cut.
    /// </summary>
    public int Receive(Span<byte> buffer, out uint source)
    {
        source = 0;
        if (_closed)
        {
            return 0;
        }
        var address = default(Libc.SockAddrIn);
        try
        {
            fixed (byte* data = buffer)
            {
                while (true)
                {
                    var length = (uint)sizeof(Libc.SockAddrIn);
                    var received = Libc.recvfrom(_handle, data, (nuint)buffer.Length, 0, &address, &length);
                    if (received > 0)
                    {
                        source = address.HostOrderAddress;
                        return (int)received;
                    }
                    if (received == 0)
                    {
                        // End of file: the socket was shut down by Dispose.
                        return 0;
                    }
                    if (!RetryReceive("recvfrom(GRE socket)"))
                    {
                        return 0;
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Receives up to <see cref="MessageBatch.Capacity"/> datagrams with one recvmmsg(2): waits for
    /// the first (at most <see cref="ReceiveTimeout"/>), then takes what is already queued
    /// (MSG_WAITFORONE). Returns the number received (also in <see cref="MessageBatch.Count"/>),
    /// 0 on timeout or after <see cref="Dispose"/>.
    /// </summary>
    public int ReceiveBatch(MessageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.PrepareReceive();
        if (_closed)
        {
            return 0;
        }
        try
        {
            while (true)
            {
                var received = Libc.recvmmsg(_handle, batch.Headers, (uint)batch.Capacity, Libc.MSG_WAITFORONE, null);
                if (received >= 0)
                {
                    return batch.CompleteReceive(received);
                }
                if (!RetryReceive("recvmmsg(GRE socket)"))
                {
                    return 0;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>Sends GRE header + payload to <paramref name="peer"/>; throws <see cref="LinuxIoException"/> if the kernel refuses.</summary>
    public void Send(uint peer, ReadOnlySpan<byte> grePacket)
    {
        if (!TrySend(peer, grePacket, out var errno))
        {
            throw new LinuxIoException($"sendto(GRE socket, {Ipv4.ToIPAddress(peer)})", errno, SendHint(errno));
        }
    }

    /// <inheritdoc cref="Send(uint, ReadOnlySpan{byte})"/>
    public void Send(IPAddress peer, ReadOnlySpan<byte> grePacket) => Send(Ipv4.ToUInt32(peer), grePacket);

    /// <summary>
    /// Sends GRE header + payload to <paramref name="peer"/>; returns false with the errno
    /// (ENOBUFS, EHOSTUNREACH, EMSGSIZE...) instead of throwing, for the data path.
    /// </summary>
    public bool TrySend(uint peer, ReadOnlySpan<byte> grePacket, out Errno error)
    {
        var address = Libc.SockAddrIn.For(peer);
        fixed (byte* data = grePacket)
        {
            while (true)
            {
                if (Libc.sendto(_handle, data, (nuint)grePacket.Length, 0, &address, (uint)sizeof(Libc.SockAddrIn)) >= 0)
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
    /// Sends packets 0 .. <see cref="MessageBatch.Count"/>-1 of <paramref name="batch"/> with
    /// sendmmsg(2), each to its own address. A packet the kernel refuses is skipped and counted in
    /// <see cref="SendBatchResult.Failed"/>; the others still go.
    /// </summary>
    public SendBatchResult SendBatch(MessageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var count = batch.Count;
        var next = 0;
        var failed = 0;
        var firstError = Errno.None;
        while (next < count)
        {
            var sent = Libc.sendmmsg(_handle, batch.Headers + next, (uint)(count - next), 0);
            if (sent > 0)
            {
                next += sent;
                continue;
            }
            var errno = Libc.LastError;
            if (errno == Errno.EINTR)
            {
                continue;
            }
            if (firstError == Errno.None)
            {
                firstError = errno;
            }
            failed++;
            next++;
        }
        return new SendBatchResult(count - failed, failed, firstError);
    }

    /// <summary>
    /// Wakes any thread blocked in a receive (shutdown(2): it returns 0), then closes the
    /// descriptor once no call is using it any more. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        try
        {
            // On an unconnected socket shutdown reports ENOTCONN but still marks the socket shut
            // down and wakes its waiters (net/ipv4/af_inet.c inet_shutdown), which is all we need.
            Libc.shutdown(_handle, Libc.SHUT_RDWR);
        }
        catch (ObjectDisposedException)
        {
            // Already closed by someone holding the handle.
        }
        _handle.Dispose();
    }

    /// <summary>
    /// After a failed receive: true to call again (a signal interrupted it), false when there is nothing to
    /// return (timeout, or the socket was disposed); any other errno throws.
    /// </summary>
    private bool RetryReceive(string call)
    {
        var errno = Libc.LastError;
        if (errno == Errno.EINTR && !_closed)
        {
            return true;
        }
        if (errno == Errno.EAGAIN || _closed)
        {
            return false;
        }
        throw new LinuxIoException(call, errno);
    }

    private static string? SendHint(Errno errno) => errno switch
    {
        Errno.ENETUNREACH or Errno.EHOSTUNREACH => "no route to the peer in this network namespace",
        Errno.EMSGSIZE => "the packet is larger than the path MTU allows; lower the tunnel MTU/MRU",
        Errno.ENOBUFS => "the interface queue is full; the packet was dropped",
        _ => null,
    };

    private void SetBufferSize(int forceOption, int option, int bytes, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        if (Libc.setsockopt(_handle, Libc.SOL_SOCKET, forceOption, &bytes, sizeof(int)) == 0)
        {
            return;
        }
        SetOption(option, &bytes, sizeof(int), $"setsockopt({name}, {bytes})");
    }

    private void SetOption(int option, void* value, int length, string call)
    {
        if (Libc.setsockopt(_handle, Libc.SOL_SOCKET, option, value, (uint)length) != 0)
        {
            throw LinuxIoException.FromLastError(call);
        }
    }

    private int GetIntOption(int option, string call)
    {
        var value = 0;
        var length = (uint)sizeof(int);
        if (Libc.getsockopt(_handle, Libc.SOL_SOCKET, option, &value, &length) != 0)
        {
            throw LinuxIoException.FromLastError(call);
        }
        return value;
    }
}
