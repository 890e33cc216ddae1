using Akka.Actor;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Users;
using Concentrator.Sessions.Addressing;
using PersistenceSettings = Concentrator.Cluster.Persistence.PersistenceSettings;

namespace Concentrator.Cluster.Tests.Persistence;

/// <summary>The same actors on a real PostgreSQL server (provider PostgreSQL.15, Npgsql): the cluster's database.</summary>
public sealed class PostgreSqlPersistenceTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ActorSystem Start(string name) => ActorSystem.Create(name, SqliteTestKit.ConfigFor(PersistenceSettings.PostgreSql(server.ConnectionString)));

    [Fact]
    public async Task Pool_and_users_are_recovered_from_postgresql()
    {
        var settings = new AddressPoolSettings([AddressPoolDefinition.Parse("pg", "10.70.0.0/22")], 32, 16, 96, 7, TimeSpan.FromSeconds(10)).Validate();
        var node1 = new NodeIncarnation("pg-node", 1);
        AllocationResult[] first;

        var one = Start("one");
        {
            var coordinator = one.ActorOf(PoolCoordinatorActor.Props(settings), "coordinator");
            var allocator = one.ActorOf(NodeAddressAllocatorActor.Props(node1, settings, coordinator), "allocator");
            var directory = one.ActorOf(UserDirectoryActor.Props(settings.Pools, coordinator, snapshotEvery: 2), "users");
            var adapter = new ActorAddressAllocator(allocator, Timeout);
            first = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => adapter.AllocateAsync($"s{i}", "u", null, CancellationToken.None)));
            Assert.All(first, r => Assert.Equal(AllocationFailure.None, r.Failure));
            Assert.Equal(300, first.Select(r => r.Lease!.Address).Distinct().Count());
            foreach (var command in new IUserDirectoryCommand[]
            {
                new AddUser("bob", Samples.NtHash("b"), true, Samples.Ip("10.70.3.200")),
                new AddUser("alice", Samples.NtHash("a"), true, null),
                new DisableUser("alice"),
            })
            {
                Assert.True((await directory.Ask<UserCommandResult>(command, Timeout)).Succeeded);
            }
        }

        await one.Terminate();

        var two = Start("two");
        {
            var coordinator = two.ActorOf(PoolCoordinatorActor.Props(settings), "coordinator");
            var allocator = two.ActorOf(NodeAddressAllocatorActor.Props(node1, settings, coordinator), "allocator");
            var directory = two.ActorOf(UserDirectoryActor.Props(settings.Pools, coordinator, snapshotEvery: 2), "users");
            var adapter = new ActorAddressAllocator(allocator, Timeout);

            Assert.Equal(first[42].Lease, (await adapter.AllocateAsync("s42", "u", null, CancellationToken.None)).Lease);
            Assert.Equal(300, (await allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, Timeout)).Pools.Single().Leased);
            var users = (await directory.Ask<UserListResult>(ListUsers.Instance, Timeout)).Users;
            Assert.Equal(["alice", "bob"], users.Select(u => u.Name));
            Assert.True(users[0].Disabled);
            await TestKitHelpers.EventuallyAsync(async () =>
                (await coordinator.Ask<PoolStats>(GetPoolStats.Instance, Timeout)).Pools.Single().Reserved == 1, Timeout);
        }

        await two.Terminate();

        var three = Start("three");
        {
            var coordinator = three.ActorOf(PoolCoordinatorActor.Props(settings), "coordinator");
            coordinator.Tell(new NodeUp("pg-node", 2));
            var allocator = three.ActorOf(NodeAddressAllocatorActor.Props(node1 with { Incarnation = 2 }, settings, coordinator), "allocator");
            Assert.Equal(0, (await allocator.Ask<NodePoolStats>(GetNodePoolStats.Instance, Timeout)).Pools.Sum(p => p.Leased));
        }

        await three.Terminate();
    }
}
