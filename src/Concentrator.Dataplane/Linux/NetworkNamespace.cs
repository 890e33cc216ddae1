using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// A named network namespace as iproute2 manages them (a bind mount under /var/run/netns), for
/// tests and lab/bench tools, and the way to create sockets and TUN devices inside one without
/// spawning anything: <see cref="Run{T}(string, Func{T})"/> runs code on a new dedicated thread
/// that setns(2)'d into the namespace. Namespaces are per thread in Linux: only that thread
/// moves, the rest of the process stays where it was. Whatever the code creates there (raw and
/// netlink sockets, TUN devices, <see cref="InterfaceControl"/>, <see cref="System.Net.Sockets.Socket"/>s)
/// stays bound to the namespace for its whole life and may then be used from any thread.
/// </summary>
/// <remarks>
/// Inside <c>Run</c>:
/// <list type="bullet">
/// <item>/proc/sys/net (<see cref="Sysctl"/>) shows the thread's namespace: sysctls are looked up
/// through the calling thread's namespace.</item>
/// <item>/proc/net is a link to /proc/self/net, i.e. the namespace of the process's main thread;
/// use /proc/thread-self/net for the thread's view.</item>
/// <item>/sys/class/net still lists the interfaces of the namespace sysfs was mounted in (the
/// host's): setns does not change mounts (`ip netns exec` remounts /sys, we cannot per thread).</item>
/// <item>Threads started on that thread inherit its namespace, and .NET may start thread-pool,
/// timer or socket-engine threads from whichever thread first needs one. Do not start tasks,
/// timers or async socket operations inside <c>Run</c>: a pool thread born there would run later
/// work items of the whole process in the namespace.</item>
/// </list>
/// setns needs CAP_SYS_ADMIN; creating and deleting namespaces uses `ip netns` (iproute2).
/// </remarks>
public sealed class NetworkNamespace : IDisposable
{
    public const string RunDirectory = "/var/run/netns";

    private int _disposed;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>
    /// Creates the namespace if it does not exist yet, and brings its loopback up. The returned
    /// object deletes the namespace when disposed.
    /// </summary>
    public static NetworkNamespace Create(string name)
    {
        ValidateName(name);
        if (!Exists(name))
        {
            var result = ProcessRunner.Run("ip", ["netns", "add", name]);
            if (!result.Succeeded && !Exists(name))
            {
                result.EnsureSuccess();
            }
        }
        var created = new NetworkNamespace(name);
        try
        {
            created.Run(() =>
            {
                using var control = InterfaceControl.Open();
                control.SetUp("lo");
            });
        }
        catch
        {
            created.Dispose();
            throw;
        }
        return created;
    }

    /// <summary>Creates a namespace named <paramref name="prefix"/> + 8 random hex digits, e.g. "cdt-3fa9c2d1".</summary>
    public static NetworkNamespace CreateUnique(string prefix = "cdt-") =>
        Create(prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

    public static bool Exists(string name)
    {
        ValidateName(name);
        return File.Exists(Path.Combine(RunDirectory, name));
    }

    /// <summary>Deletes the namespace if it exists (`ip netns del`). Sockets still open in it keep it alive, unnamed, until closed.</summary>
    public static void Delete(string name)
    {
        if (!Exists(name))
        {
            return;
        }
        var result = ProcessRunner.Run("ip", ["netns", "del", name]);
        if (!result.Succeeded && Exists(name))
        {
            result.EnsureSuccess();
        }
    }

    /// <summary>
    /// Runs <paramref name="function"/> on a new thread that has entered network namespace
    /// <paramref name="name"/>, waits for it and returns its result (or rethrows its exception).
    /// </summary>
    public static T Run<T>(string name, Func<T> function)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(function);
        var result = default(T)!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = function();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <inheritdoc cref="Run{T}(string, Func{T})"/>
    public static void Run(string name, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run(name, () =>
        {
            action();
            return true;
        });
    }

    /// <inheritdoc cref="Run{T}(string, Func{T})"/>
    public T Run<T>(Func<T> function) => Run(Name, function);

    /// <inheritdoc cref="Run{T}(string, Func{T})"/>
    public void Run(Action action) => Run(Name, action);

    /// <summary>Runs a program inside the namespace (`ip netns exec NAME program args...`); does not throw on a non-zero exit.</summary>
    public CommandResult Exec(params string[] command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Length == 0)
        {
            throw new ArgumentException("name the program to run", nameof(command));
        }
        return ProcessRunner.Run("ip", ["netns", "exec", Name, .. command]);
    }

    /// <inheritdoc cref="IpCommand.AddAddress"/>
    public void AddAddress(string interfaceName, string cidr) => IpCommand.AddAddress(Name, interfaceName, cidr);

    /// <summary>Deletes the namespace (idempotent).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Delete(Name);
        }
    }

    internal static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 200 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"\"{name}\" is not a usable network namespace name", nameof(name));
        }
    }

    private static void Enter(string name)
    {
        var path = Path.Combine(RunDirectory, name);
        var fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Libc.LastError;
            throw new LinuxIoException($"open(\"{path}\")", errno,
                errno == Errno.ENOENT ? $"there is no network namespace \"{name}\" (ip netns add {name})" : null);
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Libc.setns(handle, Libc.CLONE_NEWNET) != 0)
        {
            var errno = Libc.LastError;
            throw new LinuxIoException($"setns(\"{path}\", CLONE_NEWNET)", errno,
                errno is Errno.EPERM ? "entering a network namespace needs CAP_SYS_ADMIN (run as root)" : null);
        }
    }
}
