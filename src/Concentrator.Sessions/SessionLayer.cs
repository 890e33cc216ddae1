using System.Security.Cryptography;
using Akka.Actor;
using Concentrator.Sessions.Addressing;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Control;
using Concentrator.Sessions.DataPath;
using Concentrator.Sessions.Policy;
using Concentrator.Sessions.Routing;
using Concentrator.Sessions.Telemetry;
using Concentrator.Sessions.Transport;
using Concentrator.Sessions.Users;

namespace Concentrator.Sessions;

/// <summary>What the session layer needs from the layers around it.</summary>
/// <param name="Settings">Protocol and policy settings.</param>
/// <param name="Verifier">Checks MS-CHAPv2 responses.</param>
/// <param name="Addresses">Leases tunnel addresses.</param>
/// <param name="Bans">The brute-force guard.</param>
/// <param name="Sender">Sends GRE.</param>
/// <param name="Tun">Takes decrypted IP packets.</param>
/// <param name="Metrics">Where to count.</param>
/// <param name="NodeId">This node's name.</param>
/// <param name="InterfaceName">The TUN interface.</param>
/// <param name="PptpEnabled">The global switch for PPTP logins.</param>
public sealed record SessionLayerOptions(
    SessionSettings Settings,
    ICredentialVerifier Verifier,
    IAddressAllocator Addresses,
    IBanList Bans,
    IGreSender Sender,
    IPacketSink Tun,
    SessionMetrics Metrics,
    string NodeId,
    string InterfaceName,
    Func<bool> PptpEnabled);

/// <summary>
/// The session layer of one node, wired: the call IDs, the GRE demultiplexer and the route table
/// that the data plane reads, the session directory (routing actor) and the parent of all control
/// connections. The data plane hands it accepted connections, received GRE and packets from the TUN.
/// </summary>
public sealed class SessionLayer
{
    /// <param name="system">The actor system.</param>
    /// <param name="options">What the layer needs from the others.</param>
    /// <param name="claims">Who holds each user's session: a cluster singleton's proxy in a cluster; a local actor when null.</param>
    public SessionLayer(ActorSystem system, SessionLayerOptions options, IActorRef? claims = null)
    {
        Options = options;
        Directory = system.ActorOf(SessionDirectoryActor.Props(Routes), "sessions");
        Claims = claims ?? system.ActorOf(UserClaimsActor.Props(), "user-claims");
        var services = new CallServices(options.Settings, options.Verifier, options.Addresses, options.Bans, Demux,
            options.Sender, options.Tun, Directory, Claims, options.Metrics, RandomNumberGenerator.Fill, options.NodeId, options.InterfaceName);
        var control = new ControlConnectionOptions(options.Settings.Control, CallIds, options.PptpEnabled,
            options.Settings.Gre.ReceiveWindow, setup => CallActor.Props(setup, services), Demux, options.Metrics);
        Connections = system.ActorOf(ControlConnectionsActor.Props(control), "pptp");
    }

    public SessionLayerOptions Options { get; }
    public CallIdAllocator CallIds { get; } = new();
    public GreDemux Demux { get; } = new();
    public RouteTable Routes { get; } = new();
    public IActorRef Directory { get; }
    public IActorRef Claims { get; }
    public IActorRef Connections { get; }

    /// <summary>Gives an accepted control connection its actor; bytes received then go to that actor.</summary>
    public Task<IActorRef> AcceptAsync(IControlLink link) =>
        Connections.Ask<IActorRef>(new ControlConnectionsActor.Accept(link), TimeSpan.FromSeconds(10));

    /// <summary>Ends every call (LCP Terminate, Call-Disconnect-Notify) and connection (Stop-Control-Connection-Request).</summary>
    public Task ShutdownAsync(string reason, TimeSpan timeout) =>
        Connections.Ask<ControlConnectionsActor.ShutdownComplete>(new ControlConnectionsActor.ShutdownAll(reason), timeout);
}
