using Concentrator.Client.Ppp;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Tests.Ppp;

public sealed class ClientLcpPolicyTests
{
    private const uint Magic = 0x01020304;
    private uint _nextMagic = 0xA0000000;

    private ClientLcpPolicy Policy(ClientLcpSettings? settings = null) => new(settings ?? ClientLcpSettings.Default, Magic, () => ++_nextMagic);

    [Fact]
    public void Asks_for_mru_1400_and_a_magic_number_and_compression_only_when_configured()
    {
        Assert.Equal([LcpOptions.Mru(1400), LcpOptions.MagicNumber(Magic)], Policy().BuildRequest());
        var windowsLike = Policy(ClientLcpSettings.Default with { RequestProtocolCompression = true, RequestAddressControlCompression = true });
        Assert.Equal(
            [LcpOptions.Mru(1400), LcpOptions.MagicNumber(Magic), LcpOptions.ProtocolFieldCompression(), LcpOptions.AddressControlFieldCompression()],
            windowsLike.BuildRequest());
    }

    [Fact]
    public void Acknowledges_the_concentrators_request_and_remembers_it()
    {
        var policy = Policy();
        var verdict = policy.ReviewRequest([LcpOptions.Mru(1400), LcpOptions.MsChapV2, LcpOptions.MagicNumber(0x55667788), LcpOptions.Accm(0),
            LcpOptions.ProtocolFieldCompression(), LcpOptions.AddressControlFieldCompression()]);
        Assert.Equal(RequestVerdictKind.Ack, verdict.Kind);
        Assert.Equal(1400, policy.PeerMru);
        Assert.Equal(0x55667788u, policy.PeerMagicNumber);
        Assert.True(policy.Authentication!.Value.IsMsChapV2);
        Assert.True(policy.PeerAcceptsCompressedProtocol);
        Assert.True(policy.PeerAcceptsCompressedAddressControl);
        Assert.Equal(NegotiationFailure.None, policy.Failure);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x23 })]               // PAP
    [InlineData(new byte[] { 0xC2, 0x23, 0x05 })]         // CHAP-MD5
    [InlineData(new byte[] { 0xC2, 0x23, 0x80 })]         // MS-CHAPv1
    [InlineData(new byte[] { 0xC2, 0x27 })]               // EAP
    public void Other_auth_protocols_are_naked_with_ms_chap_v2(byte[] value)
    {
        var policy = Policy();
        var verdict = policy.ReviewRequest([LcpOptions.Mru(1400), new PppOption((byte)LcpOptionType.AuthenticationProtocol, value)]);
        Assert.Equal(RequestVerdict.Nak([LcpOptions.MsChapV2]).Kind, verdict.Kind);
        Assert.Equal([LcpOptions.MsChapV2], verdict.Options);
        Assert.Null(policy.Authentication);
        Assert.Equal(LcpOptions.DefaultMru, policy.PeerMru);
    }

    [Fact]
    public void Pap_only_naks_ms_chap_v2_with_pap_and_acks_pap()
    {
        var policy = Policy(ClientLcpSettings.Default with { Authentication = ClientAuthMode.PapOnly });
        var nak = policy.ReviewRequest([LcpOptions.MsChapV2]);
        Assert.Equal(RequestVerdictKind.Nak, nak.Kind);
        Assert.Equal([LcpOptions.AuthenticationProtocol(PppProtocol.Pap, [])], nak.Options);
        Assert.Equal(RequestVerdictKind.Ack, policy.ReviewRequest([LcpOptions.AuthenticationProtocol(PppProtocol.Pap, [])]).Kind);
        Assert.Equal(PppProtocol.Pap, policy.Authentication!.Value.Protocol);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(Magic)]
    public void A_zero_or_looped_back_magic_number_is_naked_with_a_fresh_one(uint peerMagic)
    {
        var verdict = Policy().ReviewRequest([LcpOptions.MagicNumber(peerMagic)]);
        Assert.Equal(RequestVerdictKind.Nak, verdict.Kind);
        Assert.Equal([LcpOptions.MagicNumber(0xA0000001)], verdict.Options);
    }

    [Fact]
    public void Callback_mrru_quality_and_unknown_options_are_rejected_verbatim_ahead_of_any_nak()
    {
        var callback = LcpOptions.Callback(CallbackOperation.CallbackControlProtocol, []);
        var mrru = LcpOptions.Mrru(1614);
        var unknown = new PppOption(99, 1, 2, 3);
        var malformedMru = new PppOption((byte)LcpOptionType.MaximumReceiveUnit, 5);
        var verdict = Policy().ReviewRequest([LcpOptions.AuthenticationProtocol(PppProtocol.Pap, []), callback, mrru,
            LcpOptions.QualityProtocol(PppProtocol.LinkQualityReport, []), unknown, malformedMru]);
        Assert.Equal(RequestVerdictKind.Reject, verdict.Kind);
        Assert.Equal([callback, mrru, LcpOptions.QualityProtocol(PppProtocol.LinkQualityReport, []), unknown, malformedMru], verdict.Options);
    }

    [Fact]
    public void A_nak_of_our_mru_is_adopted_within_bounds_and_otherwise_the_option_is_dropped()
    {
        var policy = Policy();
        policy.ApplyNak([LcpOptions.Mru(1300)]);
        Assert.Equal(1300, policy.LocalMru);
        Assert.Equal(LcpOptions.Mru(1300), policy.BuildRequest()[0]);
        policy.ApplyNak([LcpOptions.Mru(200)]);
        Assert.Equal(LcpOptions.DefaultMru, policy.LocalMru);
        Assert.Equal([LcpOptions.MagicNumber(Magic)], policy.BuildRequest());
    }

    [Fact]
    public void A_nak_of_our_magic_number_picks_a_new_one_and_hints_are_ignored()
    {
        var policy = Policy();
        policy.ApplyNak([LcpOptions.MagicNumber(Magic), LcpOptions.AuthenticationProtocol(PppProtocol.Pap, []), LcpOptions.ProtocolFieldCompression()]);
        Assert.Equal(0xA0000001u, policy.LocalMagicNumber);
        Assert.Equal([LcpOptions.Mru(1400), LcpOptions.MagicNumber(0xA0000001)], policy.BuildRequest());
    }

    [Fact]
    public void Rejected_options_are_no_longer_asked_for()
    {
        var policy = Policy(ClientLcpSettings.Default with { RequestProtocolCompression = true, RequestAddressControlCompression = true });
        policy.ApplyReject([LcpOptions.ProtocolFieldCompression(), LcpOptions.AddressControlFieldCompression()]);
        Assert.Equal([LcpOptions.Mru(1400), LcpOptions.MagicNumber(Magic)], policy.BuildRequest());
        policy.ApplyReject([LcpOptions.Mru(1400), LcpOptions.MagicNumber(Magic)]);
        Assert.Empty(policy.BuildRequest());
        Assert.Equal(0u, policy.LocalMagicNumber);
        Assert.Equal(LcpOptions.DefaultMru, policy.LocalMru);
    }

    [Fact]
    public void A_zero_magic_number_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientLcpPolicy(ClientLcpSettings.Default, 0, () => 1));
    }

    [Fact]
    public void Opens_against_the_concentrators_lcp_policy_with_ms_chap_v2_agreed()
    {
        var client = Policy(ClientLcpSettings.Default with { RequestProtocolCompression = true, RequestAddressControlCompression = true });
        var server = new LcpPolicy(LcpSettings.Default, 0x77777777, () => 0x88888888);
        var (clientEngine, serverEngine) = EnginePair.Open(PppProtocol.Lcp, client, server);
        Assert.Equal(PppState.Opened, clientEngine.State);
        Assert.Equal(PppState.Opened, serverEngine.State);
        Assert.True(client.Authentication!.Value.IsMsChapV2);
        Assert.Equal(1400, client.PeerMru);
        Assert.Equal(1400, server.PeerMru);
        Assert.True(server.PeerAcceptsCompressedProtocol);
        Assert.Equal(Magic, server.PeerMagicNumber);
    }

    [Fact]
    public void A_pap_only_client_makes_the_concentrators_lcp_fail_with_peer_refuses_ms_chap_v2()
    {
        var client = Policy(ClientLcpSettings.Default with { Authentication = ClientAuthMode.PapOnly });
        var server = new LcpPolicy(LcpSettings.Default, 0x77777777, () => 0x88888888);
        var (_, serverEngine) = EnginePair.Open(PppProtocol.Lcp, client, server);
        Assert.Equal(NegotiationFailure.PeerRefusesMsChapV2, serverEngine.Failure);
        Assert.NotEqual(PppState.Opened, serverEngine.State);
    }
}
