using System.Net;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Ipcp;

public class IpcpPolicyTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.168.50.1");
    private static readonly IPAddress Peer = IPAddress.Parse("192.168.50.23");
    private static readonly IPAddress Dns = IPAddress.Parse("192.168.50.2");

    private readonly IpcpPolicy policy = new(new IpcpSettings(Local) { PrimaryDns = Dns }, Peer);

    [Fact]
    public void We_send_our_address()
    {
        Assert.Equal([IpcpOptions.Address(IpcpOptionType.IpAddress, Local)], policy.BuildRequest());
        Assert.Equal(Peer, policy.PeerAddress);
    }

    [Fact]
    public void Assigned_address_and_configured_dns_are_acked()
    {
        var verdict = policy.ReviewRequest([Address(IpcpOptionType.IpAddress, Peer), Address(IpcpOptionType.PrimaryDns, Dns)]);

        Assert.Equal(RequestVerdictKind.Ack, verdict.Kind);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    public void Any_other_address_is_naked_with_the_assigned_one(string requested)
    {
        var verdict = policy.ReviewRequest([Address(IpcpOptionType.IpAddress, IPAddress.Parse(requested))]);

        Assert.Equal(RequestVerdictKind.Nak, verdict.Kind);
        Assert.Equal([Address(IpcpOptionType.IpAddress, Peer)], verdict.Options);
    }

    [Fact]
    public void A_request_without_address_gets_one_as_a_nak_hint()
    {
        var verdict = policy.ReviewRequest([Address(IpcpOptionType.PrimaryDns, Dns)]);

        Assert.Equal(RequestVerdictKind.Nak, verdict.Kind);
        Assert.Equal([Address(IpcpOptionType.IpAddress, Peer)], verdict.Options);
    }

    [Fact]
    public void Configured_dns_is_naked_in()
    {
        var verdict = policy.ReviewRequest([Address(IpcpOptionType.IpAddress, Peer), Address(IpcpOptionType.PrimaryDns, IPAddress.Any)]);

        Assert.Equal([Address(IpcpOptionType.PrimaryDns, Dns)], verdict.Options);
    }

    public static TheoryData<string> RejectedOptions() => new()
    {
        "820600000000", // Primary NBNS, not configured
        "830600000000", // Secondary DNS, not configured
        "840600000000", // Secondary NBNS, not configured
        "0206002D0F01", // IP-Compression-Protocol Van Jacobson
        "010AC0A83217C0A83201", // deprecated IP-Addresses
        "FE0401FF", // unknown
        "0305C0A832", // malformed IP-Address
        "81050000 00".Replace(" ", string.Empty, StringComparison.Ordinal), // malformed Primary DNS
    };

    [Theory]
    [MemberData(nameof(RejectedOptions))]
    public void Options_we_do_not_give_are_rejected_verbatim(string optionHex)
    {
        Assert.True(PppOptionList.TryDecode(Hex.Bytes(optionHex), out var options, out _));

        var verdict = policy.ReviewRequest([Address(IpcpOptionType.IpAddress, IPAddress.Any), .. options]);

        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Equal(optionHex, Hex.Of(PppOptionList.ToArray(verdict.Options)));
    }

    [Fact]
    public void A_nak_of_our_address_with_another_is_a_failure()
    {
        policy.ApplyNak([Address(IpcpOptionType.PrimaryDns, Peer), Address(IpcpOptionType.IpAddress, Local)]);
        Assert.Equal(NegotiationFailure.None, policy.Failure);

        policy.ApplyNak([Address(IpcpOptionType.IpAddress, Peer)]);
        Assert.Equal(NegotiationFailure.LocalAddressRefused, policy.Failure);
    }

    [Fact]
    public void A_rejected_address_is_no_longer_sent()
    {
        policy.ApplyReject([Address(IpcpOptionType.IpAddress, Local)]);

        Assert.Empty(policy.BuildRequest());
        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Fact]
    public void Option_views()
    {
        Assert.Throws<ArgumentException>(() => IpcpOptions.Address(IpcpOptionType.IpAddress, IPAddress.IPv6Loopback));
        Assert.False(IpcpOptions.TryReadAddress(new PppOption(3, 1, 2, 3), IpcpOptionType.IpAddress, out _));
        Assert.False(IpcpOptions.TryReadAddress(Address(IpcpOptionType.PrimaryDns, Dns), IpcpOptionType.IpAddress, out _));

        var both = IpcpOptions.IpAddresses(Local, Peer);
        Assert.Equal("010AC0A83201C0A83217", Hex.Of(PppOptionList.ToArray([both])));
        Assert.True(IpcpOptions.TryReadIpAddresses(both, out var source, out var destination));
        Assert.Equal(Local, source);
        Assert.Equal(Peer, destination);
        Assert.False(IpcpOptions.TryReadIpAddresses(new PppOption(1, 1, 2, 3, 4), out _, out _));

        var vj = IpcpOptions.IpCompressionProtocol(PppProtocol.VanJacobsonCompressedTcp, [15, 1]);
        Assert.Equal("0206002D0F01", Hex.Of(PppOptionList.ToArray([vj])));
        Assert.True(IpcpOptions.TryReadIpCompressionProtocol(vj, out var compression));
        Assert.Equal(PppProtocol.VanJacobsonCompressedTcp, compression.Protocol);
        Assert.Equal("0F01", Hex.Of(compression.Data.Span));
        Assert.False(IpcpOptions.TryReadIpCompressionProtocol(new PppOption(2, 0), out _));
    }

    private static PppOption Address(IpcpOptionType type, IPAddress address) => IpcpOptions.Address(type, address);
}
