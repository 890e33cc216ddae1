using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Users;

namespace Concentrator.Cluster.Tests.Users;

public class UserDirectoryStateTests
{
    private readonly UserDirectoryState _state = new([Samples.Main, Samples.Small]);

    private void Run(IUserDirectoryCommand command)
    {
        Assert.True(_state.Decide(command, out var events, out var error), error);
        foreach (var e in events)
        {
            _state.Apply(e);
        }
    }

    private string Refusal(IUserDirectoryCommand command)
    {
        Assert.False(_state.Decide(command, out var events, out var error));
        Assert.Empty(events);
        return error;
    }

    [Fact]
    public void Nt_hash_of_a_known_password()
    {
        // RFC 2759 §9.2: Password "clientPass" -> PasswordHash 44EBBA8D5312B8D611474411F56989AE.
        Assert.Equal(Convert.FromHexString("44EBBA8D5312B8D611474411F56989AE"), Samples.NtHash("clientPass"));
    }

    [Fact]
    public void Added_user_is_found_ignoring_case()
    {
        Run(new AddUser("Bob", Samples.NtHash("secret"), true, Samples.Ip("10.8.0.50")));

        var bob = _state.Find("bOB");
        Assert.NotNull(bob);
        Assert.Equal("Bob", bob.Name);
        Assert.Equal(Samples.NtHash("secret"), bob.NtHash);
        Assert.True(bob.AllowVpn);
        Assert.False(bob.Disabled);
        Assert.Equal(Samples.Ip("10.8.0.50"), bob.StaticAddress);
        Assert.Null(_state.Find("alice"));
    }

    [Fact]
    public void Refusals_read_like_an_operator_message()
    {
        Run(new AddUser("bob", Samples.NtHash("x"), true, Samples.Ip("10.8.0.50")));

        Assert.Equal("user 'bob' exists", Refusal(new AddUser("BOB", Samples.NtHash("y"), true, null)));
        Assert.Equal("no user 'carol'", Refusal(new SetPassword("carol", Samples.NtHash("y"))));
        Assert.Equal("static address 10.0.0.5 is outside every pool", Refusal(new AddUser("alice", Samples.NtHash("y"), true, Samples.Ip("10.0.0.5"))));
        Assert.Equal("static address 10.8.0.1 is excluded from pool 'main' (network, broadcast or gateway)", Refusal(new SetStaticAddress("bob", Samples.Ip("10.8.0.1"))));
        Assert.Equal("static address 10.8.0.50 is already reserved for user 'bob'", Refusal(new AddUser("alice", Samples.NtHash("y"), true, Samples.Ip("10.8.0.50"))));
        Assert.Equal("an NT hash is 16 bytes, got 3", Refusal(new SetPassword("bob", [1, 2, 3])));
        Assert.Equal("a user needs a name", Refusal(new AddUser("  ", Samples.NtHash("y"), true, null)));
        Assert.Equal("user name contains control characters", Refusal(new AddUser("a\nb", Samples.NtHash("y"), true, null)));
        Assert.Equal("user name is longer than 256 characters", Refusal(new AddUser(new string('a', 257), Samples.NtHash("y"), true, null)));
    }

    [Fact]
    public void Changes_apply_and_no_ops_cause_no_event()
    {
        Run(new AddUser("bob", Samples.NtHash("old"), false, null));

        Run(new SetPassword("BOB", Samples.NtHash("new")));
        Run(new SetAllowVpn("bob", true));
        Run(new DisableUser("bob"));
        Run(new SetStaticAddress("bob", Samples.Ip("10.9.0.12")));
        var bob = _state.Find("bob")!;
        Assert.Equal(Samples.NtHash("new"), bob.NtHash);
        Assert.True(bob.AllowVpn);
        Assert.True(bob.Disabled);
        Assert.Equal([new StaticReservation(Samples.Ip("10.9.0.12"), "bob")], _state.StaticReservations());

        Assert.True(_state.Decide(new DisableUser("bob"), out var none, out _));
        Assert.Empty(none);
        Assert.True(_state.Decide(new SetStaticAddress("bob", Samples.Ip("10.9.0.12")), out none, out _));
        Assert.Empty(none);

        Run(new EnableUser("bob"));
        Run(new SetStaticAddress("bob", null));
        Assert.False(_state.Find("bob")!.Disabled);
        Assert.Empty(_state.StaticReservations());

        Run(new RemoveUser("Bob"));
        Assert.Null(_state.Find("bob"));
        Assert.Equal(0, _state.Count);
    }

    [Fact]
    public void The_stored_hash_is_a_copy()
    {
        var hash = Samples.NtHash("pw");
        Run(new AddUser("bob", hash, true, null));
        hash[0] ^= 0xFF;

        Assert.Equal(Samples.NtHash("pw"), _state.Find("bob")!.NtHash);
    }

    [Fact]
    public void Snapshot_rebuilds_the_same_users()
    {
        Run(new AddUser("bob", Samples.NtHash("b"), true, Samples.Ip("10.8.0.9")));
        Run(new AddUser("alice", Samples.NtHash("a"), false, null));
        Run(new DisableUser("alice"));

        var copy = UserDirectoryState.FromSnapshot([Samples.Main], _state.ToSnapshot());

        Assert.Equivalent(_state.List(), copy.List(), strict: true);
        Assert.Equal(["alice", "bob"], copy.List().Select(u => u.Name));
    }
}
