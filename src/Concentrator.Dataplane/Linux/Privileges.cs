using System.Globalization;

namespace Concentrator.Dataplane.Linux;

/// <summary>
/// Checks the effective capabilities the dataplane needs (capabilities(7)): CAP_NET_RAW for the
/// GRE raw socket, CAP_NET_ADMIN for TUN interfaces, addresses, routes and buffer sizes beyond
/// rmem_max. CAP_SYS_ADMIN (entering network namespaces) matters only for tests and lab tools.
/// Capabilities are per thread; the check reads the calling thread's CapEff from
/// /proc/thread-self/status, so root whose capabilities were dropped (a container) is reported.
/// </summary>
public static class Privileges
{
    public const int CapNetAdmin = 12;
    public const int CapNetRaw = 13;
    public const int CapSysAdmin = 21;

    public const string Fix =
        "run as root, or grant the capabilities: `setcap cap_net_admin,cap_net_raw+ep <the executable>` " +
        "(an apphost, not the shared `dotnet` binary), or in the systemd unit " +
        "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW with CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW; " +
        "in a container add --cap-add=NET_ADMIN --cap-add=NET_RAW and --device /dev/net/tun";

    public static PrivilegeReport Check()
    {
        var path = File.Exists("/proc/thread-self/status") ? "/proc/thread-self/status" : "/proc/self/status";
        return Evaluate(File.ReadAllText(path), Libc.geteuid());
    }

    /// <summary>Builds the report from the text of /proc/&lt;pid&gt;/status and the effective user id.</summary>
    public static PrivilegeReport Evaluate(string procStatus, uint effectiveUserId)
    {
        ArgumentNullException.ThrowIfNull(procStatus);
        var isRoot = effectiveUserId == 0;
        if (!TryParseEffectiveCapabilities(procStatus, out var capabilities))
        {
            return new PrivilegeReport(isRoot, false, false, false,
                "could not read the effective capabilities (no CapEff line in /proc/self/status); " + Fix);
        }
        var netAdmin = Has(capabilities, CapNetAdmin);
        var netRaw = Has(capabilities, CapNetRaw);
        var sysAdmin = Has(capabilities, CapSysAdmin);
        var who = isRoot ? "root" : $"uid {effectiveUserId}";
        string message;
        if (netAdmin && netRaw)
        {
            message = $"privileges OK: {who} with CAP_NET_ADMIN and CAP_NET_RAW"
                + (sysAdmin ? "" : " (without CAP_SYS_ADMIN the network-namespace lab helpers will not work)");
        }
        else
        {
            List<string> missing = [];
            if (!netRaw)
            {
                missing.Add("CAP_NET_RAW (to open the GRE raw socket, IP protocol 47)");
            }
            if (!netAdmin)
            {
                missing.Add("CAP_NET_ADMIN (to create and configure TUN interfaces and routes)");
            }
            message = $"missing {string.Join(" and ", missing)}; running as {who}"
                + (isRoot ? " whose capabilities were dropped (container or systemd CapabilityBoundingSet?)" : "")
                + "; " + Fix;
        }
        return new PrivilegeReport(isRoot, netAdmin, netRaw, sysAdmin, message);
    }

    /// <summary>Finds "CapEff:\t&lt;hex&gt;" in /proc/&lt;pid&gt;/status text.</summary>
    public static bool TryParseEffectiveCapabilities(string procStatus, out ulong capabilities)
    {
        ArgumentNullException.ThrowIfNull(procStatus);
        foreach (var line in procStatus.Split('\n'))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                return ulong.TryParse(line.AsSpan("CapEff:".Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out capabilities);
            }
        }
        capabilities = 0;
        return false;
    }

    private static bool Has(ulong capabilities, int bit) => (capabilities & (1UL << bit)) != 0;
}
