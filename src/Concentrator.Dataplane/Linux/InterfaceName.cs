namespace Concentrator.Dataplane.Linux;

/// <summary>Rules for Linux interface names (net/core/dev.c dev_valid_name).</summary>
public static class InterfaceName
{
    /// <summary>IFNAMSIZ - 1: the longest name the kernel accepts.</summary>
    public const int MaxLength = 15;

    /// <summary>Throws <see cref="ArgumentException"/> unless the kernel would accept the name.</summary>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength || name is "." or "..")
        {
            throw new ArgumentException(
                $"interface name \"{name}\" must be 1 to {MaxLength} characters and not \".\" or \"..\"", nameof(name));
        }
        foreach (var c in name)
        {
            if (c is <= ' ' or '/' or ':' or > '~')
            {
                throw new ArgumentException(
                    $"interface name \"{name}\" may hold only printable ASCII without spaces, '/' or ':'", nameof(name));
            }
        }
    }
}
