using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Users;
using Concentrator.Node.Telemetry;
using Prometheus;

namespace Concentrator.Node.Tests.Observability;

/// <summary>
/// The persistence timing hook (InstrumentedPersistentActor) through the node's metrics: a real persistent actor of
/// the cluster layer (the user directory) over a journal that works, fails writes, rejects events, or cannot be read.
/// </summary>
public sealed class PersistenceMetricsTests
{
    private static readonly AddressPoolDefinition Pool = AddressPoolDefinition.Parse("main", "10.77.0.0/24", ["10.77.0.1"]);

    [Fact]
    public async Task Each_written_event_is_timed_under_its_store()
    {
        var (system, metrics) = Start("ok");
        try
        {
            var users = system.ActorOf(UserDirectoryActor.Props([Pool], coordinator: null), "users");
            for (var i = 0; i < 3; i++)
                Assert.True((await users.Ask<UserCommandResult>(new AddUser($"user{i}", new byte[16], true, null), TimeSpan.FromSeconds(5))).Succeeded);

            await Eventually(() => metrics.PersistenceWriteOf("users").Count == 3);
            var sum = metrics.PersistenceWriteOf("users").Sum;
            Assert.True(sum is > 0 and < 5, $"{sum} s for three in-memory writes");
            Assert.Equal(0, metrics.PersistenceWriteOf("address_pool").Count);
            Assert.Equal(0, Failures(metrics, "users"));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Theory]
    [InlineData("write", "write")]
    [InlineData("reject", "rejected")]
    [InlineData("recovery", "recovery")]
    public async Task A_failing_journal_is_counted_by_store_and_kind(string mode, string kind)
    {
        var (system, metrics) = Start(mode);
        try
        {
            var users = system.ActorOf(UserDirectoryActor.Props([Pool], coordinator: null), "users");
            users.Tell(new AddUser("alice", new byte[16], true, null));

            await Eventually(() => metrics.PersistenceFailures.WithLabels("users", kind).Value == 1);
            Assert.Equal(1, Failures(metrics, "users"));
            Assert.Equal(0, metrics.PersistenceWriteOf("users").Count);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static double Failures(NodeMetrics metrics, string store) =>
        new[] { "write", "rejected", "recovery" }.Sum(kind => metrics.PersistenceFailures.WithLabels(store, kind).Value);

    private static (ActorSystem System, NodeMetrics Metrics) Start(string mode)
    {
        var config = ConfigurationFactory.ParseString($$"""
            # the failures are the point here: no stack traces in the test output
            akka.loglevel = OFF
            akka.stdout-loglevel = OFF
            akka.persistence.journal.plugin = "test-journal"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            test-journal {
              class = "{{typeof(TestJournal).AssemblyQualifiedName}}"
              plugin-dispatcher = "akka.actor.default-dispatcher"
              mode = {{mode}}
            }
            """);
        var system = ActorSystem.Create("persistence-metrics", config);
        var metrics = new NodeMetrics(Metrics.NewCustomRegistry(), [Pool]);
        metrics.CountPersistence(system);
        return (system, metrics);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>The in-memory journal, or one whose writes fail ("write"), whose events are refused ("reject"), or that cannot be read ("recovery").</summary>
    public sealed class TestJournal(Config config) : MemoryJournal
    {
        private readonly string _mode = config.GetString("mode");

        protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) => _mode switch
        {
            "write" => Task.FromException<IImmutableList<Exception?>>(new IOException("disk full")),
            "reject" => Task.FromResult<IImmutableList<Exception?>>(messages.Select(_ => (Exception?)new NotSupportedException("cannot serialize")).ToImmutableList()),
            _ => base.WriteMessagesAsync(messages, cancellationToken),
        };

        public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
            _mode == "recovery" ? Task.FromException<long>(new IOException("database unreachable")) : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }
}
