using System.Net;
using Concentrator.Client.Ppp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client;

/// <summary>How setting up a call ended, with what the server said along the way.</summary>
/// <param name="Outcome">Connected, or why not.</param>
public sealed record ConnectResult(ConnectOutcome Outcome)
{
    /// <summary>The step setup ended in (<see cref="SetupPhase.Connected"/> on success).</summary>
    public SetupPhase Phase { get; init; }

    /// <summary>A sentence for people: what happened and, for failures, what it usually means.</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>From the start of the attempt to the end of setup (successful or not).</summary>
    public TimeSpan SetupTime { get; init; }

    /// <summary>What IPCP assigned (address, DNS, WINS); null unless connected.</summary>
    public IpcpResult? Network { get; init; }

    /// <summary>Our address in the tunnel; null unless connected.</summary>
    public IPAddress? Address => Network?.Address;

    /// <summary>The MPPE variant in use; null unless connected.</summary>
    public MppeMode? Encryption { get; init; }

    /// <summary>On <see cref="ConnectOutcome.AuthFailed"/>: the E= code, message and whether the server failed to prove itself.</summary>
    public AuthFailure? AuthFailure { get; init; }

    /// <summary>The server's Start-Control-Connection-Reply, when one came.</summary>
    public StartControlConnectionReply? ControlReply { get; init; }

    /// <summary>The server's Outgoing-Call-Reply, when one came.</summary>
    public OutgoingCallReply? CallReply { get; init; }

    /// <summary>The server's Call-Disconnect-Notify when it ended the call during setup (result code, Call Statistics text).</summary>
    public CallDisconnectNotify? DisconnectNotify { get; init; }

    public bool IsConnected => Outcome == ConnectOutcome.Connected;

    public override string ToString() => IsConnected
        ? $"Connected in {SetupTime.TotalMilliseconds:0} ms: {Address}, {Encryption?.ToString() ?? "no encryption"}"
        : $"{Outcome} in {Phase} after {SetupTime.TotalMilliseconds:0} ms: {Detail}";
}
