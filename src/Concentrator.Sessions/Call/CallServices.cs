using Akka.Actor;
using Concentrator.Sessions.Addressing;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;
using Concentrator.Sessions.Users;

namespace Concentrator.Sessions.Call;

/// <summary>What every call actor of a node shares.</summary>
/// <param name="Settings">Protocol and policy settings.</param>
/// <param name="Verifier">Checks MS-CHAPv2 responses.</param>
/// <param name="Addresses">Leases tunnel addresses.</param>
/// <param name="Bans">The brute-force guard.</param>
/// <param name="Demux">Routes received GRE to calls.</param>
/// <param name="Sender">Sends GRE.</param>
/// <param name="Tun">Takes decrypted IP packets.</param>
/// <param name="Directory">The node's session directory (routing actor).</param>
/// <param name="Claims">Who holds each user's session (one session per user); a singleton in a cluster.</param>
/// <param name="Metrics">The node's metrics.</param>
/// <param name="Random">Fills a span with cryptographically strong random bytes (challenges, magic numbers).</param>
/// <param name="NodeId">This node's name, part of every session ID.</param>
/// <param name="InterfaceName">The TUN interface sessions use.</param>
public sealed record CallServices(
    SessionSettings Settings,
    ICredentialVerifier Verifier,
    IAddressAllocator Addresses,
    IBanList Bans,
    GreDemux Demux,
    IGreSender Sender,
    IPacketSink Tun,
    IActorRef Directory,
    IActorRef Claims,
    SessionMetrics Metrics,
    Action<Span<byte>> Random,
    string NodeId,
    string InterfaceName);
