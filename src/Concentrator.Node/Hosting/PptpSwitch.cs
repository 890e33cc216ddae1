namespace Concentrator.Node.Hosting;

/// <summary>The global switch for PPTP logins (the gateway's "PPTP authorization" checkbox); flipped by operators at run time.</summary>
public sealed class PptpSwitch(bool enabled)
{
    private volatile bool _enabled = enabled;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
