using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Sessions.Control;

namespace Concentrator.Sessions;

/// <summary>Everything that shapes a call, from configuration; the defaults are what an operator wants.</summary>
/// <param name="Ipcp">Our address on the link and the name servers handed to clients.</param>
public sealed record SessionSettings(IpcpSettings Ipcp)
{
    public ControlSettings Control { get; init; } = new();
    public LcpSettings Lcp { get; init; } = LcpSettings.Default;
    public NegotiationSettings Negotiation { get; init; } = NegotiationSettings.Default;

    /// <summary>How often LCP Echo-Requests test a quiet link (RFC 1661 §5.8).</summary>
    public TimeSpan LcpEchoInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unanswered LCP Echo-Requests in a row after which the call is ended.</summary>
    public int LcpEchoFailures { get; init; } = 3;

    public AuthSettings Auth { get; init; } = new();

    /// <summary>MPPE: 128-bit stateless only, by default; MPPE itself is always required.</summary>
    public CcpSettings Ccp { get; init; } = CcpSettings.Default;

    public GreSequencerSettings Gre { get; init; } = new();

    /// <summary>The tunnel MTU (the TUN device's); TCP MSS is clamped to fit it.</summary>
    public ushort Mtu { get; init; } = 1400;

    public SessionPolicy Policy { get; init; } = new();
}

/// <summary>MS-CHAPv2 authenticator behaviour (RFC 2759, RFC 1994 §4.1).</summary>
public sealed record AuthSettings
{
    /// <summary>Responses a peer may try before the call is ended (retries are offered with R=1).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long we wait for a Response before sending the Challenge again.</summary>
    public TimeSpan ChallengeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the Challenge is sent before we give up.</summary>
    public int ChallengeTransmits { get; init; } = 10;

    /// <summary>How long a peer offered a retry (R=1) has to send its new Response (the user types the password again).</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Our name in the Challenge (RFC 1994 §4.1 Name field).</summary>
    public string Name { get; init; } = "concentrator";
}

/// <summary>What happens when a user who already has a session logs in again.</summary>
public enum OneSessionPerUser
{
    /// <summary>Any number of sessions per user.</summary>
    Off,
    /// <summary>The new login is refused.</summary>
    DenyNew,
    /// <summary>The old session is ended and the new one goes on.</summary>
    ReplaceOld,
}

/// <summary>Operator policy on sessions.</summary>
public sealed record SessionPolicy
{
    public OneSessionPerUser OneSessionPerUser { get; init; } = OneSessionPerUser.Off;

    /// <summary>A session without IP data for this long is ended; zero = never.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>A session is ended after this long whatever it does; zero = never.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>A call that has not reached IPCP and CCP Opened by then is ended ("a state stuck for a minute").</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Without GRE from the peer for this long after Outgoing-Call-Reply, the operator is told GRE is blocked.</summary>
    public TimeSpan NoGreTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
