using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Lcp;

public class LcpPolicyTests
{
    private const uint OurMagic = 0x11223344;
    private const uint FreshMagic = 0x55667788;

    private readonly LcpPolicy policy = new(LcpSettings.Default, OurMagic, () => FreshMagic);

    [Fact]
    public void We_ask_for_mru_ms_chap_v2_and_magic()
    {
        Assert.Equal([LcpOptions.Mru(1400), LcpOptions.MsChapV2, LcpOptions.MagicNumber(OurMagic)], policy.BuildRequest());
        Assert.Equal(OurMagic, policy.LocalMagicNumber);
        Assert.Equal(1400, policy.LocalMru);
        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Fact]
    public void Acceptable_request_is_acked_and_remembered()
    {
        var verdict = policy.ReviewRequest(
        [
            LcpOptions.Mru(1400), LcpOptions.Accm(0), LcpOptions.MagicNumber(0xCAFEBABE),
            LcpOptions.ProtocolFieldCompression(), LcpOptions.AddressControlFieldCompression(),
        ]);

        Assert.Equal(RequestVerdictKind.Ack, verdict.Kind);
        Assert.Equal(1400, policy.PeerMru);
        Assert.Equal(0xCAFEBABEu, policy.PeerMagicNumber);
        Assert.True(policy.PeerAcceptsCompressedProtocol);
        Assert.True(policy.PeerAcceptsCompressedAddressControl);
    }

    [Fact]
    public void Empty_request_means_rfc_defaults()
    {
        Assert.Equal(RequestVerdict.Ack, policy.ReviewRequest([]));
        Assert.Equal(1500, policy.PeerMru);
        Assert.Equal(0u, policy.PeerMagicNumber);
        Assert.False(policy.PeerAcceptsCompressedProtocol);
        Assert.False(policy.PeerAcceptsCompressedAddressControl);
    }

    [Theory]
    [InlineData(100, 576)]
    [InlineData(575, 576)]
    [InlineData(1501, 1500)]
    [InlineData(9000, 1500)]
    public void Mru_out_of_bounds_is_naked_with_our_bound(ushort requested, ushort suggested)
    {
        var verdict = policy.ReviewRequest([LcpOptions.Mru(requested)]);

        Assert.Equal(RequestVerdictKind.Nak, verdict.Kind);
        Assert.Equal([LcpOptions.Mru(suggested)], verdict.Options);
        Assert.Equal(1500, policy.PeerMru);
    }

    [Theory]
    [InlineData(576)]
    [InlineData(1500)]
    public void Mru_bounds_are_inclusive(ushort requested) =>
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([LcpOptions.Mru(requested)]).Kind);

    [Theory]
    [InlineData(OurMagic)]
    [InlineData(0u)]
    public void Looped_back_or_zero_magic_is_naked_with_a_fresh_one(uint magic)
    {
        var verdict = policy.ReviewRequest([LcpOptions.MagicNumber(magic)]);

        Assert.Equal(RequestVerdictKind.Nak, verdict.Kind);
        Assert.Equal([LcpOptions.MagicNumber(FreshMagic)], verdict.Options);
    }

    public static TheoryData<string> RejectedOptions() => new()
    {
        "0305C22381", // Auth-Protocol: the peer wants to authenticate us
        "0304C023", // Auth-Protocol PAP
        "0408C025000001F4", // Quality-Protocol LQR
        "0D0306", // Callback CBCP (Windows)
        "1104064E", // MRRU
        "130A0102030405060708", // Endpoint-Discriminator
        "FE03AA", // unknown type
        "010305", // malformed MRU
        "0703AA", // malformed PFC
        "0803AA", // malformed ACFC
        "0205000000", // malformed ACCM
        "05050102 03".Replace(" ", string.Empty, StringComparison.Ordinal), // malformed Magic-Number
    };

    [Theory]
    [MemberData(nameof(RejectedOptions))]
    public void Options_we_do_not_take_are_rejected_verbatim(string optionHex)
    {
        Assert.True(PppOptionList.TryDecode(Hex.Bytes(optionHex), out var options, out _));

        var verdict = policy.ReviewRequest([LcpOptions.Mru(1400), .. options]);

        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Equal(optionHex, Hex.Of(PppOptionList.ToArray(verdict.Options)));
    }

    [Fact]
    public void Reject_takes_precedence_over_nak()
    {
        var callback = LcpOptions.Callback(CallbackOperation.CallbackControlProtocol, []);

        var verdict = policy.ReviewRequest([LcpOptions.Mru(100), callback]);

        Assert.Equal(RequestVerdict.Reject([callback]).Options, verdict.Options);
        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Equal(1500, policy.PeerMru);
    }

    [Theory]
    [InlineData(PppProtocol.Pap, new byte[0])]
    [InlineData(PppProtocol.Chap, new byte[] { 0x05 })]
    [InlineData(PppProtocol.Chap, new byte[] { 0x80 })]
    [InlineData(PppProtocol.Eap, new byte[0])]
    public void A_nak_of_our_auth_protocol_is_a_distinct_failure(ushort protocol, byte[] data)
    {
        policy.ApplyNak([LcpOptions.AuthenticationProtocol(protocol, data)]);

        Assert.Equal(NegotiationFailure.PeerRefusesMsChapV2, policy.Failure);
    }

    [Fact]
    public void A_malformed_auth_nak_is_a_refusal_too()
    {
        policy.ApplyNak([new PppOption(3, 0xC2)]);

        Assert.Equal(NegotiationFailure.PeerRefusesMsChapV2, policy.Failure);
    }

    [Fact]
    public void A_nak_suggesting_ms_chap_v2_itself_is_no_failure()
    {
        policy.ApplyNak([LcpOptions.MsChapV2]);

        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Fact]
    public void A_reject_of_our_auth_protocol_is_the_same_failure()
    {
        policy.ApplyReject([LcpOptions.MsChapV2]);

        Assert.Equal(NegotiationFailure.PeerRefusesMsChapV2, policy.Failure);
    }

    [Fact]
    public void Mru_nak_within_bounds_is_adopted_otherwise_mru_is_dropped()
    {
        policy.ApplyNak([LcpOptions.Mru(1300)]);
        Assert.Equal(LcpOptions.Mru(1300), policy.BuildRequest()[0]);

        policy.ApplyNak([LcpOptions.Mru(64)]);
        Assert.Equal([LcpOptions.MsChapV2, LcpOptions.MagicNumber(OurMagic)], policy.BuildRequest());
        Assert.Equal(1500, policy.LocalMru);
    }

    [Fact]
    public void Magic_nak_chooses_a_fresh_magic()
    {
        policy.ApplyNak([LcpOptions.MagicNumber(OurMagic), LcpOptions.ProtocolFieldCompression()]);

        Assert.Equal(LcpOptions.MagicNumber(FreshMagic), policy.BuildRequest()[^1]);
        Assert.Equal(FreshMagic, policy.LocalMagicNumber);
        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Fact]
    public void Rejected_mru_and_magic_are_no_longer_asked_for()
    {
        policy.ApplyReject([LcpOptions.Mru(1400), LcpOptions.MagicNumber(OurMagic)]);

        Assert.Equal([LcpOptions.MsChapV2], policy.BuildRequest());
        Assert.Equal(0u, policy.LocalMagicNumber);
        Assert.Equal(NegotiationFailure.None, policy.Failure);

        // Without a magic number of our own there is no loop-back to detect.
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([LcpOptions.MagicNumber(OurMagic)]).Kind);
    }

    [Fact]
    public void Settings_bound_the_mru()
    {
        var strict = new LcpPolicy(new LcpSettings { Mru = 1200, MinimumMru = 1000, MaximumMru = 1400 }, 1, () => 2);

        Assert.Equal(LcpOptions.Mru(1200), strict.BuildRequest()[0]);
        Assert.Equal([LcpOptions.Mru(1400)], strict.ReviewRequest([LcpOptions.Mru(1500)]).Options);
        Assert.Equal([LcpOptions.Mru(1000)], strict.ReviewRequest([LcpOptions.Mru(999)]).Options);
    }

    [Fact]
    public void A_random_magic_number_is_drawn_again_until_it_is_not_zero()
    {
        var draws = new Queue<byte[]>([[0, 0, 0, 0], [0, 0, 0, 0], [0xCA, 0xFE, 0xBA, 0xBE]]);
        Assert.Equal(0xCAFEBABEu, LcpOptionPolicy.RandomMagicNumber(span => draws.Dequeue().CopyTo(span)));
        Assert.Empty(draws);
    }

    [Fact]
    public void Zero_magic_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LcpPolicy(LcpSettings.Default, 0, () => 1));
}
