using System.Runtime.InteropServices;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// A Linux system call failed. The message names the call, the errno and what an operator can do
/// about it, e.g. "socket(AF_INET, SOCK_RAW, 47) failed: EPERM (Operation not permitted) — run as
/// root or grant CAP_NET_RAW ...".
/// </summary>
public sealed class LinuxIoException : IOException
{
    /// <summary>What to do about missing privileges; shared by every EPERM/EACCES message.</summary>
    public const string PrivilegeHint =
        "run as root, or grant CAP_NET_ADMIN and CAP_NET_RAW " +
        "(setcap cap_net_admin,cap_net_raw+ep on the executable, or systemd " +
        "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW)";

    public LinuxIoException(string call, Errno errno, string? hint = null)
        : base(Describe(call, errno, hint))
    {
        Call = call;
        Errno = errno;
        HResult = (int)errno;
    }

    /// <summary>The call as written in the message, e.g. "ioctl(TUNSETIFF, \"pptp0\")".</summary>
    public string Call { get; }

    public Errno Errno { get; }

    /// <summary>Builds the exception from errno of the last P/Invoke (SetLastError = true).</summary>
    internal static LinuxIoException FromLastError(string call, string? hint = null) =>
        new(call, (Errno)Marshal.GetLastPInvokeError(), hint);

    private static string Describe(string call, Errno errno, string? hint)
    {
        var text = $"{call} failed: {errno} ({Marshal.GetPInvokeErrorMessage((int)errno)})";
        hint ??= errno is Errno.EPERM or Errno.EACCES ? PrivilegeHint : null;
        return hint is null ? text : $"{text} — {hint}";
    }
}
