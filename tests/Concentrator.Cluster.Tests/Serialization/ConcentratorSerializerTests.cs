using Akka.Actor;
using Concentrator.Cluster.Bans;
using Concentrator.Cluster.Membership;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Routing;
using Akka.Serialization;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Serialization;
using Concentrator.Cluster.Users;
using Concentrator.Sessions.Addressing;

namespace Concentrator.Cluster.Tests.Serialization;

public sealed class ConcentratorSerializerTests : IDisposable
{
    private static readonly NodeIncarnation Node = new("node-a", 638_000_000_123_456_789);
    private static readonly AddressBlock Block = new(new BlockId("main", 3), [0x0A080018, 0x0A080019, 0x0A08001F]);
    private static readonly byte[] Hash = Samples.NtHash("clientPass");
    private static readonly UserEntry Bob = new("bob", Hash, true, false, 0x0A080032);
    private static readonly UserEntry Alice = new("Alice", Samples.NtHash("ü€"), false, true, null);

    private readonly ActorSystem _system = ActorSystem.Create("serialization", SerializationConfig.Build());

    /// <summary>One or more instances of every type the serializer knows, with non-default values in every field.</summary>
    public static IEnumerable<object[]> Messages() => new object[]
    {
        new NodeIncarnationRegistered(Node),
        new NodeBlocksReclaimed(Node),
        new BlockGranted(Node, Block),
        new BlockReturned(Node, Block.Id),
        new StaticGranted(0x0A0800C8, Node, "call-17"),
        new StaticReleased(0x0A0800C8, "call-17"),
        new StaticReservationsChanged([new StaticReservation(1, "a"), new StaticReservation(0xFFFFFFFF, "b")]),
        new StaticReservationsChanged([]),
        new BlockAddressSurrendered(Node, Block.Id, 0x0A080019),
        new PoolCoordinatorSnapshot(
            [Node],
            [Node with { Incarnation = 1 }, new NodeIncarnation("node-b", -5)],
            [new GrantedBlock(Node, Block)],
            [new StaticGrant(0x0A0800C8, Node, "call-17")],
            [new StaticReservation(0x0A0800C8, "bob")]),
        new NodeUp("node-a", 42),
        new NodeGone("node-a", 42),
        new NodeRetired(Node),
        new AllocatorCheckIn(Node),
        new RequestBlock(Node, 9),
        new BlockGrant(Node, 9, Block),
        new BlockRefused(Node, 9, AllocationFailure.PoolExhausted),
        new ReturnBlock(Node, Block.Id),
        new GrantStatic(Node, 0x0A0800C8, "call-17"),
        new StaticGrantResult(0x0A0800C8, "call-17", AllocationFailure.StaticAddressInUse),
        new ReleaseStatic(0x0A0800C8, "call-17"),
        new SyncStaticReservations(77, [new StaticReservation(0x0A0800C8, "bob")]),
        new StaticReservationsAccepted(77),
        new WithdrawAddress(Node, 0x0A080019),
        new AddressSurrendered(Node, 0x0A080019),
        GetPoolStats.Instance,
        new PoolStats([new PoolUsage("main", 253, 64, 2, 3, 187), new PoolUsage("small", 20, 0, 0, 0, 20)], 8),
        new AllocatorIncarnationStarted(long.MaxValue),
        new BlockAccepted(Block),
        new BlockGivenBack(Block.Id),
        new LeaseGranted(0x0A080018, "main", "call-1", "bob"),
        new LeaseReleased(0x0A080018, "call-1", LeaseEndReason.StaleIncarnation),
        new AddressWithdrawn(0x0A080019),
        new NodeAllocatorSnapshot(5, [Block], [new LeaseRecord(0x0A080018, "main", "call-1", "bob")], [0x0A080019]),
        GetNodePoolStats.Instance,
        new NodePoolStats(Node, [new NodePoolUsage("main", 32, 30, 2)], 1),
        new UserAdded(Bob),
        new UserAdded(Alice),
        new UserPasswordSet("bob", Hash),
        new UserVpnAccessSet("bob", true),
        new UserDisabled("bob"),
        new UserEnabled("bob"),
        new UserStaticAddressSet("bob", 0x0A080032),
        new UserStaticAddressSet("bob", null),
        new UserRemoved("bob"),
        new UserDirectorySnapshot([Alice, Bob]),
        new AddUser("bob", Hash, true, 0x0A080032),
        new AddUser("carol", Hash, false, null),
        new SetPassword("bob", Hash),
        new SetAllowVpn("bob", true),
        new DisableUser("bob"),
        new EnableUser("bob"),
        new SetStaticAddress("bob", 0x0A080032),
        new SetStaticAddress("bob", null),
        new RemoveUser("bob"),
        new UserCommandResult(false, "user 'bob' exists"),
        UserCommandResult.Ok,
        new FindUser("bob"),
        new UserLookupResult(Bob),
        new UserLookupResult(null),
        ListUsers.Instance,
        new UserListResult([Bob, Alice]),
        new BanRecord("203.0.113.7", 1_790_000_000_000, "6 failed logins in 15 min, the last as 'bob'"),
        new BanRecord("203.0.113.7", -1_790_000_000_000, "lifted"),
        new ClaimUser("bob", "vpn1-0011-2a", OneSessionPerUser.ReplaceOld),
        new UserClaimed(true),
        new UserClaimed(false, "'bob' already has a session (vpn2-0001-1)"),
        new HangUp(CallDisconnectResult.AdminShutdown, "replaced by a new session"),
        ListSessions.Instance,
        new SessionList([new SessionSnapshot("vpn1-0011-2a", "bob", "203.0.113.7", 17, "10.77.0.10", "pptp0", "vpn1",
            DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123), "MPPE 128-bit stateless", 1, 2, 3, 4)]),
        new SessionList([]),
        new KickSessions(new SessionSelector(UserName: "bob"), "kicked by an operator"),
        new KickSessions(new SessionSelector("vpn1-0011-2a", null, System.Net.IPAddress.Parse("10.77.0.10")), "x", CallDisconnectResult.Request),
        new SessionsKicked(3),
        new DrainNode(600_000),
        new DrainAccepted("vpn2"),
        ClockQuery.Instance,
        new ClockReply(1_790_000_000_123),
    }.Select(m => new[] { m });

    /// <summary>The session layer's messages that cross nodes: bound to our serializer by type, not by the marker.</summary>
    private static readonly Type[] CrossNodeSessionTypes =
    [
        typeof(ClaimUser), typeof(UserClaimed), typeof(HangUp), typeof(ListSessions), typeof(SessionList), typeof(KickSessions), typeof(SessionsKicked),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Round_trips_through_the_actor_systems_serialization(object message)
    {
        var serialization = _system.Serialization;
        var serializer = serialization.FindSerializerFor(message);
        Assert.IsType<ConcentratorSerializer>(serializer);
        Assert.Equal(731, serializer.Identifier);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        Assert.InRange(manifest.Length, 2, 4);
        var bytes = serializer.ToBinary(message);
        var back = serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(message.GetType(), back);
        if (message is KickSessions) Assert.Equal(message, back); // record equality; IPAddress does not survive Equivalent's reflection
        else Assert.Equivalent(message, back, strict: true);
        Assert.Equal(bytes, serializer.ToBinary(back));
    }

    [Fact]
    public void Every_marked_type_has_a_manifest_and_a_sample()
    {
        var marked = typeof(IConcentratorMessage).Assembly.GetTypes()
            .Where(t => typeof(IConcentratorMessage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Concat(CrossNodeSessionTypes)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
        var sampled = Messages().Select(m => m[0].GetType()).Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

        Assert.Equal(marked, ConcentratorSerializer.Manifests.Keys.OrderBy(t => t.FullName, StringComparer.Ordinal));
        Assert.Equal(marked, sampled);
        Assert.Equal(marked.Length, ConcentratorSerializer.Manifests.Values.Distinct().Count());
    }

    [Fact]
    public void Unknown_types_and_manifests_are_refused()
    {
        var serializer = new ConcentratorSerializer((ExtendedActorSystem)_system);

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.Manifest("text"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.ToBinary("text"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "ZZZ"));
    }

    public void Dispose() => _system.Dispose();
}
