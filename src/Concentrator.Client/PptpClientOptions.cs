using System.Net;
using System.Security.Cryptography;
using Concentrator.Client.Ppp;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client;

/// <summary>Who connects where, how, and with which faults. The defaults behave like a Windows client set to "MS-CHAPv2 only, MPPE required".</summary>
public sealed record PptpClientOptions
{
    /// <summary>The server's IPv4 address: where GRE goes, and the only source GRE is accepted from.</summary>
    public required IPAddress Server { get; init; }

    /// <summary>The Name in the MS-CHAPv2 Response; "DOMAIN\user" works (RFC 2759 §4).</summary>
    public required string UserName { get; init; }

    public required string Password { get; init; }

    /// <summary>Passwords to try, in order, when the server offers a retry after a Failure (R=1, RFC 2759 §6).</summary>
    public IReadOnlyList<string> RetryPasswords { get; init; } = [];

    /// <summary>Host Name in Start-Control-Connection-Request (RFC 2637 §2.1).</summary>
    public string HostName { get; init; } = "concentrator-client";

    /// <summary>Vendor String in Start-Control-Connection-Request (RFC 2637 §2.1).</summary>
    public string VendorName { get; init; } = "Concentrator.Client";

    /// <summary>What LCP asks for (MRU 1400, Magic-Number; PFC/ACFC off) and which Auth-Protocol it agrees to.</summary>
    public ClientLcpSettings Lcp { get; init; } = ClientLcpSettings.Default;

    /// <summary>Whether IPCP asks for DNS and WINS servers.</summary>
    public ClientIpcpSettings Ipcp { get; init; } = ClientIpcpSettings.Default;

    /// <summary>MPPE required (default), or refused for negative tests.</summary>
    public ClientEncryption Encryption { get; init; } = ClientEncryption.Mppe;

    /// <summary>MPPE variants offered (RFC 3078 §2): key lengths and stateless mode. Default 128-bit stateless.</summary>
    public MppeBits MppeOffer { get; init; } = MppeBits.Key128 | MppeBits.Stateless;

    /// <summary>Restart timer and counters of LCP, CCP and IPCP (RFC 1661 §4.6).</summary>
    public NegotiationSettings Negotiation { get; init; } = NegotiationSettings.Default;

    /// <summary>GRE sliding window: our receive window (told in Outgoing-Call-Request), reordering, ack delay (RFC 2637 §4.2–4.4).</summary>
    public GreSequencerSettings Gre { get; init; } = new();

    /// <summary>Bound on the whole setup, from the start of ConnectAsync to IPCP Opened.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on each control exchange: TCP connect, Start-Control-Connection-, Outgoing-Call-, Stop-Control-Connection-Reply.</summary>
    public TimeSpan ControlTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on hanging up: LCP Terminate-Ack, then Call-Disconnect-Notify, then Stop-Control-Connection-Reply.</summary>
    public TimeSpan HangUpTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where decrypted IP packets go; without one they are counted and dropped.</summary>
    public IClientPacketSink? PacketSink { get; init; }

    /// <summary>Fault injection: drop, duplicate or delay outgoing GRE packets.</summary>
    public OutgoingGreFilter? OutgoingGreFilter { get; init; }

    /// <summary>Random octets for Peer-Challenges and Magic-Numbers.</summary>
    public Action<Span<byte>> Random { get; init; } = RandomNumberGenerator.Fill;
}
