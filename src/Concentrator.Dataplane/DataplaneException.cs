namespace Concentrator.Dataplane;

/// <summary>
/// The data plane could not be set up: the message says what was being done, what the kernel said
/// and what an operator can do about it, e.g. "TUN device pptp0 could not be created: ioctl(TUNSETIFF,
/// "pptp0", queue 0) failed: EPERM (Operation not permitted) — creating a TUN interface needs
/// CAP_NET_ADMIN: run as root, …". The <see cref="Exception.InnerException"/> is the failed call.
/// </summary>
public sealed class DataplaneException : Exception
{
    public DataplaneException(string message)
        : base(message)
    {
    }

    public DataplaneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
