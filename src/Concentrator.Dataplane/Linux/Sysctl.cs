namespace Concentrator.Dataplane.Linux;

/// <summary>
/// Reads and writes kernel parameters under /proc/sys. The net.* ones belong to a network
/// namespace, and the kernel resolves them through the namespace of the calling thread (checked
/// here on Linux 6.x: a thread that setns'd sees and changes its namespace's values while the
/// rest of the process keeps the host's). So to act on another namespace, call these inside
/// <see cref="NetworkNamespace.Run{T}(Func{T})"/>. Writing needs root (CAP_NET_ADMIN for net.*
/// inside a namespace the process owns).
/// </summary>
public static class Sysctl
{
    private const string Root = "/proc/sys";

    /// <summary>Reads a parameter: "net.ipv4.ip_forward" or, for names with dots, "net/ipv4/conf/eth0.5/proxy_arp".</summary>
    public static string Read(string name)
    {
        var path = PathOf(name);
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(name, e);
        }
    }

    /// <summary>Writes a parameter (the kernel parses the text).</summary>
    public static void Write(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(name);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(value + "\n"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(name, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"cannot write sysctl {name}: {LinuxIoException.PrivilegeHint}", e);
        }
    }

    /// <summary>net.ipv4.ip_forward: whether this namespace routes IPv4 between interfaces (needed to reach the LAN).</summary>
    public static bool GetIpForwarding() => Read("net/ipv4/ip_forward") != "0";

    public static void SetIpForwarding(bool enabled) => Write("net/ipv4/ip_forward", enabled ? "1" : "0");

    /// <summary>net.ipv4.conf.IFACE.proxy_arp: answer ARP on the LAN side for addresses routed elsewhere (the pool).</summary>
    public static bool GetProxyArp(string interfaceName) => Read(ProxyArpName(interfaceName)) != "0";

    public static void SetProxyArp(string interfaceName, bool enabled) => Write(ProxyArpName(interfaceName), enabled ? "1" : "0");

    internal static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var relative = name.Contains('/', StringComparison.Ordinal) ? name : name.Replace('.', '/');
        if (relative.StartsWith('/') || relative.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"\"{name}\" is not a sysctl name", nameof(name));
        }
        return $"{Root}/{relative}";
    }

    private static string ProxyArpName(string interfaceName)
    {
        InterfaceName.Validate(interfaceName);
        return $"net/ipv4/conf/{interfaceName}/proxy_arp";
    }

    private static InvalidOperationException Missing(string name, Exception inner) => new(
        $"sysctl {name} does not exist in this network namespace (no such interface here, or the kernel lacks the feature)", inner);
}
