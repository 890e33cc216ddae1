using System.Net;
using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Users;

namespace Concentrator.Cluster.Tests.Users;

/// <summary>The user directory as an actor, persisting to a real SQLite file.</summary>
public sealed class UserDirectoryActorTests : SqliteTestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly AddressPoolDefinition[] Pools = [Samples.Main];

    private static async Task Ok(IActorRef directory, IUserDirectoryCommand command)
    {
        var result = await directory.Ask<UserCommandResult>(command, Timeout);
        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task Add_find_disable_and_remove()
    {
        var directory = Sys.ActorOf(UserDirectoryActor.Props(Pools, null));
        var users = new ActorUserDirectory(directory, Timeout);

        await Ok(directory, new AddUser("Bob", Samples.NtHash("Pässwörd"), true, Samples.Ip("10.8.0.50")));
        var refused = await directory.Ask<UserCommandResult>(new AddUser("bob", Samples.NtHash("x"), true, null), Timeout);
        Assert.Equal(UserCommandResult.Refused("user 'Bob' exists"), refused);

        var bob = await users.FindAsync("BOB", CancellationToken.None);
        Assert.NotNull(bob);
        Assert.Equal("Bob", bob.Name);
        Assert.Equal(Samples.NtHash("Pässwörd"), bob.NtHash);
        Assert.True(bob.AllowVpn);
        Assert.False(bob.Disabled);
        Assert.Equal(IPAddress.Parse("10.8.0.50"), bob.StaticAddress);

        await Ok(directory, new DisableUser("bob"));
        Assert.True((await users.FindAsync("bob", CancellationToken.None))!.Disabled);

        await Ok(directory, new AddUser("alice", Samples.NtHash("a"), false, null));
        var list = await directory.Ask<UserListResult>(ListUsers.Instance, Timeout);
        Assert.Equal(["alice", "Bob"], list.Users.Select(u => u.Name));
        Assert.Null((await users.FindAsync("alice", CancellationToken.None))!.StaticAddress);

        await Ok(directory, new RemoveUser("bob"));
        Assert.Null(await users.FindAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task Users_survive_a_restart()
    {
        var first = StartSystem("first");
        {
            var directory = first.ActorOf(UserDirectoryActor.Props(Pools, null, snapshotEvery: 3));
            await Ok(directory, new AddUser("bob", Samples.NtHash("b"), true, null));
            await Ok(directory, new AddUser("alice", Samples.NtHash("a"), true, Samples.Ip("10.8.0.9")));
            await Ok(directory, new SetAllowVpn("bob", false));
            await Ok(directory, new SetPassword("alice", Samples.NtHash("new")));
            await Ok(directory, new DisableUser("alice"));
            await Ok(directory, new EnableUser("alice"));
            await Ok(directory, new SetStaticAddress("bob", Samples.Ip("10.8.0.10")));
        }

        await first.Terminate();

        var second = StartSystem("second");
        {
            var directory = second.ActorOf(UserDirectoryActor.Props(Pools, null, snapshotEvery: 3));
            var list = (await directory.Ask<UserListResult>(ListUsers.Instance, Timeout)).Users;
            Assert.Equivalent(
                new[]
                {
                    new UserEntry("alice", Samples.NtHash("new"), true, false, Samples.Ip("10.8.0.9")),
                    new UserEntry("bob", Samples.NtHash("b"), false, false, Samples.Ip("10.8.0.10")),
                },
                list,
                strict: true);
        }

        await second.Terminate();
    }

    [Fact]
    public async Task Reserved_addresses_go_to_the_coordinator_until_it_confirms()
    {
        var coordinator = CreateTestProbe();
        var directory = Sys.ActorOf(UserDirectoryActor.Props(Pools, coordinator.Ref, resyncInterval: TimeSpan.FromMilliseconds(500)));

        // A repeat sent before a confirmation arrived may cross it; each step skips those (a version already confirmed).
        var atStart = coordinator.ExpectMsg<SyncStaticReservations>(Timeout);
        Assert.Empty(atStart.Reservations);
        coordinator.Reply(new StaticReservationsAccepted(atStart.Version));

        await Ok(directory, new AddUser("bob", Samples.NtHash("b"), true, Samples.Ip("10.8.0.50")));
        var added = NextSync(coordinator, after: atStart.Version);
        Assert.Equal([new StaticReservation(Samples.Ip("10.8.0.50"), "bob")], added.Reservations);

        // Not confirmed: sent again.
        var repeated = coordinator.ExpectMsg<SyncStaticReservations>(Timeout);
        Assert.Equal(added.Version, repeated.Version);
        coordinator.Reply(new StaticReservationsAccepted(repeated.Version));
        await directory.Ask<UserListResult>(ListUsers.Instance, Timeout); // the confirmation is taken: no repeat after this
        SkipRepeats(coordinator, repeated.Version);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(1200));

        // A change that touches no static address sends nothing.
        await Ok(directory, new SetAllowVpn("bob", false));
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Directory_and_coordinator_keep_a_users_address_out_of_blocks()
    {
        var settings = Samples.Settings(pools: Samples.Main);
        var coordinator = Sys.ActorOf(PoolCoordinatorActor.Props(settings));
        var directory = Sys.ActorOf(UserDirectoryActor.Props(settings.Pools, coordinator));
        coordinator.Tell(new NodeUp("n1", 1));

        await Ok(directory, new AddUser("bob", Samples.NtHash("b"), true, Samples.Ip("10.8.0.3")));

        await AwaitAssertAsync(async () => Assert.Equal(1, (await coordinator.Ask<PoolStats>(GetPoolStats.Instance, Timeout)).Pools.Single().Reserved), Timeout);
        coordinator.Tell(new RequestBlock(new NodeIncarnation("n1", 1), 1), TestActor);
        var grant = ExpectMsg<BlockGrant>(Timeout);
        Assert.DoesNotContain(Samples.Ip("10.8.0.3"), grant.Block.Addresses);
        Assert.Equal(5, grant.Block.Addresses.Count);
    }

    /// <summary>The next reservations sent with a version above <paramref name="after"/>, skipping repeats of older ones.</summary>
    private static SyncStaticReservations NextSync(Akka.TestKit.TestProbe coordinator, long after) =>
        coordinator.FishForMessage<SyncStaticReservations>(s => s.Version > after, Timeout);

    /// <summary>Takes the repeats of <paramref name="version"/> that were on their way before its confirmation.</summary>
    private static void SkipRepeats(Akka.TestKit.TestProbe coordinator, long version)
    {
        while (coordinator.HasMessages && coordinator.ReceiveOne(TimeSpan.Zero) is SyncStaticReservations s)
        {
            Assert.Equal(version, s.Version);
        }
    }
}
