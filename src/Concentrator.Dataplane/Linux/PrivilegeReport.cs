namespace Concentrator.Dataplane.Linux;

/// <summary>What <see cref="Privileges.Check"/> found, with a message an operator can act on.</summary>
public sealed record PrivilegeReport(bool IsRoot, bool HasNetAdmin, bool HasNetRaw, bool HasSysAdmin, string Message)
{
    /// <summary>True when the concentrator can open the GRE socket and create TUN interfaces.</summary>
    public bool IsSufficient => HasNetAdmin && HasNetRaw;
}
