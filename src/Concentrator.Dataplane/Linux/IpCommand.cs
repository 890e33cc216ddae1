namespace Concentrator.Dataplane.Linux;

/// <summary>
/// Lab and test setup through iproute2's `ip` (spawning a process is fine off the data path).
/// A null namespace means the process's own network namespace. Every helper is idempotent.
/// </summary>
public static class IpCommand
{
    /// <summary>Runs `ip [-n namespace] arguments...` and returns its result (does not throw on failure).</summary>
    public static CommandResult Run(string? namespaceName, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (namespaceName is null)
        {
            return ProcessRunner.Run("ip", arguments);
        }
        NetworkNamespace.ValidateName(namespaceName);
        return ProcessRunner.Run("ip", ["-n", namespaceName, .. arguments]);
    }

    public static bool LinkExists(string? namespaceName, string interfaceName)
    {
        InterfaceName.Validate(interfaceName);
        return Run(namespaceName, "link", "show", "dev", interfaceName).Succeeded;
    }

    /// <summary>Deletes the interface if it exists (for a veth, both ends go).</summary>
    public static void DeleteLink(string? namespaceName, string interfaceName)
    {
        if (namespaceName is not null && !NetworkNamespace.Exists(namespaceName))
        {
            return;
        }
        if (LinkExists(namespaceName, interfaceName))
        {
            var result = Run(namespaceName, "link", "del", "dev", interfaceName);
            if (!result.Succeeded && LinkExists(namespaceName, interfaceName))
            {
                result.EnsureSuccess();
            }
        }
    }

    public static void SetLinkUp(string? namespaceName, string interfaceName)
    {
        InterfaceName.Validate(interfaceName);
        Run(namespaceName, "link", "set", "dev", interfaceName, "up").EnsureSuccess();
    }

    /// <summary>Adds (or keeps) an address such as "10.99.0.1/30" on the interface (`ip addr replace`).</summary>
    public static void AddAddress(string? namespaceName, string interfaceName, string cidr)
    {
        InterfaceName.Validate(interfaceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(cidr);
        Run(namespaceName, "addr", "replace", cidr, "dev", interfaceName).EnsureSuccess();
    }
}
