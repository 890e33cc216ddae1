namespace Concentrator.Client.Ppp;

/// <summary>What the client's IPCP asks for besides its address (RFC 1877).</summary>
public sealed record ClientIpcpSettings
{
    public static ClientIpcpSettings Default { get; } = new();

    /// <summary>Ask for the primary and secondary DNS server (options 129, 131), as Windows does.</summary>
    public bool RequestDns { get; init; } = true;

    /// <summary>Ask for the primary and secondary NBNS/WINS server (options 130, 132), as Windows does.</summary>
    public bool RequestNbns { get; init; }
}
