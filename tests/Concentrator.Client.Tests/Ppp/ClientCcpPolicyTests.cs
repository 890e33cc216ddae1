using Concentrator.Client.Ppp;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Tests.Ppp;

public sealed class ClientCcpPolicyTests
{
    private const MppeBits Default = MppeBits.Key128 | MppeBits.Stateless;

    [Fact]
    public void Asks_for_the_strongest_offered_key_in_the_offered_mode()
    {
        Assert.Equal([CcpOptions.Mppe(Default)], new ClientCcpPolicy(Default).BuildRequest());
        Assert.Equal([CcpOptions.Mppe(Default)], new ClientCcpPolicy(MppeBits.Key40 | MppeBits.Key128 | MppeBits.Stateless).BuildRequest());
        Assert.Equal([CcpOptions.Mppe(MppeBits.Key56)], new ClientCcpPolicy(MppeBits.Key40 | MppeBits.Key56 | MppeBits.Compression).BuildRequest());
    }

    [Fact]
    public void Acknowledges_exactly_one_offered_variant_and_reports_it()
    {
        var policy = new ClientCcpPolicy(Default);
        Assert.Null(policy.Negotiated);
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([CcpOptions.Mppe(Default)]).Kind);
        Assert.Equal(Default, policy.PeerBits);
        Assert.Equal((MppeKeyLength.Bits128, true), policy.Negotiated);
    }

    [Theory]
    [InlineData(MppeBits.Key40 | MppeBits.Key56 | MppeBits.Key128 | MppeBits.Stateless | MppeBits.Compression, Default)]
    [InlineData(MppeBits.Key128, Default)]                                  // stateful asked, stateless offered
    [InlineData(MppeBits.Key40 | MppeBits.Stateless, Default)]              // none of ours: our own request
    public void Naks_anything_else_with_the_variant_we_want(MppeBits asked, MppeBits nak)
    {
        var policy = new ClientCcpPolicy(Default);
        var verdict = policy.ReviewRequest([CcpOptions.Mppe(asked)]);
        Assert.Equal(RequestVerdictKind.Nak, verdict.Kind);
        Assert.Equal([CcpOptions.Mppe(nak)], verdict.Options);
        Assert.Null(policy.PeerBits);
        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Fact]
    public void Other_compression_options_are_rejected_and_a_request_without_mppe_fails()
    {
        var deflate = new PppOption((byte)CcpOptionType.Deflate, 0x78, 0x00);
        var policy = new ClientCcpPolicy(Default);
        var verdict = policy.ReviewRequest([deflate, CcpOptions.Mppe(Default)]);
        Assert.Equal(RequestVerdict.Reject([deflate]).Options, verdict.Options);
        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);

        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([]).Kind);
        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
    }

    [Fact]
    public void A_nak_is_followed_when_we_offer_it_and_fails_otherwise()
    {
        var policy = new ClientCcpPolicy(MppeBits.Key40 | MppeBits.Key128 | MppeBits.Stateless);
        policy.ApplyNak([CcpOptions.Mppe(MppeBits.Key40 | MppeBits.Key56)]);
        Assert.Equal(MppeBits.Key40 | MppeBits.Stateless, policy.LocalBits);
        Assert.Equal(NegotiationFailure.None, policy.Failure);
        policy.ApplyNak([CcpOptions.Mppe(MppeBits.Key56)]);
        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
    }

    [Fact]
    public void A_rejected_mppe_option_fails()
    {
        var policy = new ClientCcpPolicy(Default);
        policy.ApplyReject([CcpOptions.Mppe(Default)]);
        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
    }

    [Fact]
    public void Refusing_asks_for_nothing_and_rejects_everything_without_failing_itself()
    {
        var policy = new ClientCcpPolicy(Default, refuse: true);
        Assert.Empty(policy.BuildRequest());
        var verdict = policy.ReviewRequest([CcpOptions.Mppe(Default)]);
        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Equal([CcpOptions.Mppe(Default)], verdict.Options);
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([]).Kind);
        Assert.Equal(NegotiationFailure.None, policy.Failure);
        Assert.Null(policy.Negotiated);
    }

    [Fact]
    public void An_offer_without_a_key_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ClientCcpPolicy(MppeBits.Stateless));
    }

    [Fact]
    public void Opens_against_the_concentrators_ccp_policy_on_128_bit_stateless()
    {
        var client = new ClientCcpPolicy(MppeBits.Key40 | MppeBits.Key128 | MppeBits.Stateless);
        var server = new CcpPolicy(CcpSettings.Default);
        var (clientEngine, serverEngine) = EnginePair.Open(PppProtocol.Ccp, client, server);
        Assert.Equal(PppState.Opened, clientEngine.State);
        Assert.Equal(PppState.Opened, serverEngine.State);
        Assert.Equal((MppeKeyLength.Bits128, true), client.Negotiated);
        Assert.Equal(Default, server.PeerBits);
    }

    [Theory]
    [InlineData(MppeBits.Key40 | MppeBits.Stateless)]
    [InlineData(MppeBits.Key56 | MppeBits.Stateless)]
    public void A_client_without_128_bit_makes_the_concentrators_ccp_fail_with_encryption_refused(MppeBits offer)
    {
        var (clientEngine, serverEngine) = EnginePair.Open(PppProtocol.Ccp, new ClientCcpPolicy(offer), new CcpPolicy(CcpSettings.Default));
        Assert.Equal(NegotiationFailure.EncryptionRefused, serverEngine.Failure);
        Assert.NotEqual(PppState.Opened, clientEngine.State);
    }
}
