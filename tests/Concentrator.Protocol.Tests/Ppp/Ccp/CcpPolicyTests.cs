using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Ccp;

public class CcpPolicyTests
{
    private const MppeBits H = MppeBits.Stateless;
    private const MppeBits S = MppeBits.Key128;
    private const MppeBits M = MppeBits.Key56;
    private const MppeBits L = MppeBits.Key40;
    private const MppeBits C = MppeBits.Compression;
    private const MppeBits D = MppeBits.Obsolete;

    [Fact]
    public void Bit_positions_follow_rfc3078()
    {
        Assert.Equal("120601000000", Hex.Of(PppOptionList.ToArray([CcpOptions.Mppe(H)])));
        Assert.Equal("120600000080", Hex.Of(PppOptionList.ToArray([CcpOptions.Mppe(M)])));
        Assert.Equal("120600000040", Hex.Of(PppOptionList.ToArray([CcpOptions.Mppe(S)])));
        Assert.Equal("120600000020", Hex.Of(PppOptionList.ToArray([CcpOptions.Mppe(L)])));
        Assert.Equal("120600000010", Hex.Of(PppOptionList.ToArray([CcpOptions.Mppe(D)])));
        Assert.Equal("120600000001", Hex.Of(PppOptionList.ToArray([CcpOptions.Mppe(C)])));
        Assert.True(CcpOptions.TryReadMppe(new PppOption(18, 1, 0, 0, 0x60), out var bits));
        Assert.Equal(H | S | L, bits);
        Assert.False(CcpOptions.TryReadMppe(new PppOption(18, 1, 0, 0), out _));
        Assert.False(CcpOptions.TryReadMppe(new PppOption(26, 1, 0, 0, 0x60), out _));
    }

    [Theory]
    [InlineData(H | S, RequestVerdictKind.Ack, H | S)]
    [InlineData(H | S | L, RequestVerdictKind.Nak, H | S)]
    [InlineData(H | S | C, RequestVerdictKind.Nak, H | S)]
    [InlineData(H | S | D, RequestVerdictKind.Nak, H | S)]
    [InlineData(S, RequestVerdictKind.Nak, H | S)]
    [InlineData(S | M | L, RequestVerdictKind.Nak, H | S)]
    public void Default_settings_want_exactly_128_bit_stateless(MppeBits offered, RequestVerdictKind kind, MppeBits wanted)
    {
        var policy = new CcpPolicy(CcpSettings.Default);

        var verdict = policy.ReviewRequest([CcpOptions.Mppe(offered)]);

        Assert.Equal(kind, verdict.Kind);
        if (kind == RequestVerdictKind.Nak)
        {
            Assert.Equal([CcpOptions.Mppe(wanted)], verdict.Options);
            Assert.Null(policy.PeerBits);
        }
        else
        {
            Assert.Equal(wanted, policy.PeerBits);
        }

        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Theory]
    [InlineData(H | L)]
    [InlineData(H | M)]
    [InlineData(H | C)]
    [InlineData(MppeBits.None)]
    public void An_offer_without_an_allowed_key_length_is_refused(MppeBits offered)
    {
        var policy = new CcpPolicy(CcpSettings.Default);

        policy.ReviewRequest([CcpOptions.Mppe(offered)]);

        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
    }

    [Fact]
    public void A_request_without_mppe_is_refused()
    {
        var policy = new CcpPolicy(CcpSettings.Default);

        var verdict = policy.ReviewRequest([]);

        Assert.Equal(RequestVerdictKind.Ack, verdict.Kind);
        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
        Assert.Null(policy.PeerBits);
    }

    [Fact]
    public void Other_compression_and_malformed_mppe_are_rejected()
    {
        var policy = new CcpPolicy(CcpSettings.Default);
        var deflate = new PppOption((byte)CcpOptionType.Deflate, 0x78, 0);
        var bsd = new PppOption((byte)CcpOptionType.BsdCompress, 0x2F);
        var malformed = new PppOption((byte)CcpOptionType.Mppe, 0, 0x40);

        var verdict = policy.ReviewRequest([deflate, CcpOptions.Mppe(H | S), bsd, malformed]);

        Assert.Equal(RequestVerdict.Reject([deflate, bsd, malformed]).Options, verdict.Options);
        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Null(policy.PeerBits);
    }

    [Fact]
    public void Weaker_settings_pick_the_strongest_allowed()
    {
        var policy = new CcpPolicy(new CcpSettings { AllowedKeyLengths = L | M });

        Assert.Equal([CcpOptions.Mppe(H | M)], policy.BuildRequest());
        Assert.Equal([CcpOptions.Mppe(H | M)], policy.ReviewRequest([CcpOptions.Mppe(H | S | M | L)]).Options);
        Assert.Equal([CcpOptions.Mppe(H | L)], policy.ReviewRequest([CcpOptions.Mppe(H | S | L)]).Options);
    }

    [Fact]
    public void Stateful_only_settings_clear_the_h_bit()
    {
        var policy = new CcpPolicy(new CcpSettings { AllowStateless = false, AllowStateful = true });

        Assert.Equal([CcpOptions.Mppe(S)], policy.BuildRequest());
        Assert.Equal([CcpOptions.Mppe(S)], policy.ReviewRequest([CcpOptions.Mppe(H | S)]).Options);
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([CcpOptions.Mppe(S)]).Kind);
    }

    [Fact]
    public void Both_modes_allowed_follow_the_peer()
    {
        var policy = new CcpPolicy(new CcpSettings { AllowStateful = true });

        Assert.Equal([CcpOptions.Mppe(H | S)], policy.BuildRequest());
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([CcpOptions.Mppe(S)]).Kind);
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([CcpOptions.Mppe(H | S)]).Kind);
    }

    [Fact]
    public void A_nak_with_an_allowed_variant_is_adopted_otherwise_refused()
    {
        var policy = new CcpPolicy(new CcpSettings { AllowedKeyLengths = S | L });

        policy.ApplyNak([new PppOption(26, 0x78, 0), CcpOptions.Mppe(H | L)]);
        Assert.Equal(H | L, policy.LocalBits);
        Assert.Equal(NegotiationFailure.None, policy.Failure);

        policy.ApplyNak([CcpOptions.Mppe(H | M)]);
        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
    }

    [Fact]
    public void A_reject_of_mppe_is_refusal()
    {
        var policy = new CcpPolicy(CcpSettings.Default);

        policy.ApplyReject([CcpOptions.Mppe(H | S)]);

        Assert.Equal(NegotiationFailure.EncryptionRefused, policy.Failure);
    }

    [Fact]
    public void Settings_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new CcpSettings { AllowedKeyLengths = MppeBits.None });
        Assert.Throws<ArgumentException>(() => new CcpSettings { AllowedKeyLengths = S | H });
        Assert.Throws<ArgumentException>(() => new CcpPolicy(new CcpSettings { AllowStateless = false }));
    }
}
