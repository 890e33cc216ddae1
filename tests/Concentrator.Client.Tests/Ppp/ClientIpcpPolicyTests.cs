using System.Net;
using Concentrator.Client.Ppp;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Tests.Ppp;

public sealed class ClientIpcpPolicyTests
{
    private static readonly IPAddress Assigned = IPAddress.Parse("10.8.0.10");
    private static readonly IPAddress Dns = IPAddress.Parse("10.8.0.53");

    private static PppOption Address(IpcpOptionType type, string address) => IpcpOptions.Address(type, IPAddress.Parse(address));

    [Fact]
    public void Asks_for_an_address_and_the_name_servers_it_is_configured_for_as_zero()
    {
        Assert.Equal(
            [Address(IpcpOptionType.IpAddress, "0.0.0.0"), Address(IpcpOptionType.PrimaryDns, "0.0.0.0"), Address(IpcpOptionType.SecondaryDns, "0.0.0.0")],
            new ClientIpcpPolicy(ClientIpcpSettings.Default).BuildRequest());
        Assert.Equal(
            [Address(IpcpOptionType.IpAddress, "0.0.0.0"), Address(IpcpOptionType.PrimaryNbns, "0.0.0.0"), Address(IpcpOptionType.SecondaryNbns, "0.0.0.0")],
            new ClientIpcpPolicy(new ClientIpcpSettings { RequestDns = false, RequestNbns = true }).BuildRequest());
    }

    [Fact]
    public void Takes_the_address_and_name_servers_from_the_nak_and_ignores_what_it_did_not_ask_for()
    {
        var policy = new ClientIpcpPolicy(ClientIpcpSettings.Default);
        policy.ApplyNak([IpcpOptions.Address(IpcpOptionType.IpAddress, Assigned), IpcpOptions.Address(IpcpOptionType.PrimaryDns, Dns),
            Address(IpcpOptionType.PrimaryNbns, "10.8.0.2"), new PppOption((byte)IpcpOptionType.SecondaryDns, 1)]);
        Assert.Equal(Assigned, policy.LocalAddress);
        Assert.Equal(Dns, policy.NameServer(IpcpOptionType.PrimaryDns));
        Assert.Null(policy.NameServer(IpcpOptionType.SecondaryDns));
        Assert.Null(policy.NameServer(IpcpOptionType.PrimaryNbns));
        Assert.Equal(
            [IpcpOptions.Address(IpcpOptionType.IpAddress, Assigned), IpcpOptions.Address(IpcpOptionType.PrimaryDns, Dns), Address(IpcpOptionType.SecondaryDns, "0.0.0.0")],
            policy.BuildRequest());
    }

    [Fact]
    public void Rejected_name_servers_are_dropped_and_a_rejected_address_fails()
    {
        var policy = new ClientIpcpPolicy(ClientIpcpSettings.Default);
        policy.ApplyReject([Address(IpcpOptionType.PrimaryDns, "0.0.0.0"), Address(IpcpOptionType.SecondaryDns, "0.0.0.0")]);
        Assert.Equal([Address(IpcpOptionType.IpAddress, "0.0.0.0")], policy.BuildRequest());
        Assert.Equal(NegotiationFailure.None, policy.Failure);
        policy.ApplyReject([Address(IpcpOptionType.IpAddress, "0.0.0.0")]);
        Assert.Equal(NegotiationFailure.LocalAddressRefused, policy.Failure);
    }

    [Fact]
    public void Acks_the_servers_address_and_rejects_everything_else()
    {
        var policy = new ClientIpcpPolicy(ClientIpcpSettings.Default);
        var vj = IpcpOptions.IpCompressionProtocol(PppProtocol.VanJacobsonCompressedTcp, [15, 0]);
        var verdict = policy.ReviewRequest([Address(IpcpOptionType.IpAddress, "10.8.0.1"), vj, Address(IpcpOptionType.PrimaryDns, "0.0.0.0")]);
        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Equal([vj, Address(IpcpOptionType.PrimaryDns, "0.0.0.0")], verdict.Options);
        Assert.Null(policy.PeerAddress);

        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([Address(IpcpOptionType.IpAddress, "10.8.0.1")]).Kind);
        Assert.Equal(IPAddress.Parse("10.8.0.1"), policy.PeerAddress);
        Assert.Equal(RequestVerdictKind.Reject, policy.ReviewRequest([Address(IpcpOptionType.IpAddress, "0.0.0.0")]).Kind);
    }

    [Fact]
    public void Opens_against_the_concentrators_ipcp_policy_with_the_leased_address_and_dns()
    {
        var client = new ClientIpcpPolicy(new ClientIpcpSettings { RequestNbns = true });
        var server = new IpcpPolicy(new IpcpSettings(IPAddress.Parse("10.8.0.1")) { PrimaryDns = Dns }, Assigned);
        var (clientEngine, serverEngine) = EnginePair.Open(PppProtocol.Ipcp, client, server);
        Assert.Equal(PppState.Opened, clientEngine.State);
        Assert.Equal(PppState.Opened, serverEngine.State);
        Assert.Equal(Assigned, client.LocalAddress);
        Assert.Equal(IPAddress.Parse("10.8.0.1"), client.PeerAddress);
        Assert.Equal(Dns, client.NameServer(IpcpOptionType.PrimaryDns));
        Assert.Null(client.NameServer(IpcpOptionType.SecondaryDns));
        Assert.Equal([Address(IpcpOptionType.IpAddress, "10.8.0.10"), IpcpOptions.Address(IpcpOptionType.PrimaryDns, Dns)], client.BuildRequest());
    }
}
