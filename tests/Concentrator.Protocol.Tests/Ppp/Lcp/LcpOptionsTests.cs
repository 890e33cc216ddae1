using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Lcp;

namespace Concentrator.Protocol.Tests.Ppp.Lcp;

public class LcpOptionsTests
{
    [Fact]
    public void Factories_write_the_rfc_formats()
    {
        Assert.Equal("01040578", Encode(LcpOptions.Mru(1400)));
        Assert.Equal("020600000000", Encode(LcpOptions.Accm(0)));
        Assert.Equal("0305C22381", Encode(LcpOptions.MsChapV2));
        Assert.Equal("0304C023", Encode(LcpOptions.AuthenticationProtocol(PppProtocol.Pap, [])));
        Assert.Equal("0408C025000001F4", Encode(LcpOptions.QualityProtocol(PppProtocol.LinkQualityReport, [0, 0, 1, 0xF4])));
        Assert.Equal("050612345678", Encode(LcpOptions.MagicNumber(0x12345678)));
        Assert.Equal("0702", Encode(LcpOptions.ProtocolFieldCompression()));
        Assert.Equal("0802", Encode(LcpOptions.AddressControlFieldCompression()));
        Assert.Equal("0D0306", Encode(LcpOptions.Callback(CallbackOperation.CallbackControlProtocol, [])));
        Assert.Equal("1104064E", Encode(LcpOptions.Mrru(1614)));
        Assert.Equal("13050301 02".Replace(" ", string.Empty, StringComparison.Ordinal), Encode(LcpOptions.EndpointDiscriminator(3, [1, 2])));
    }

    [Fact]
    public void Readers_decode_well_formed_options()
    {
        Assert.True(LcpOptions.TryReadMru(LcpOptions.Mru(1400), out var mru));
        Assert.Equal(1400, mru);
        Assert.True(LcpOptions.TryReadAccm(LcpOptions.Accm(0xA0000), out var accm));
        Assert.Equal(0xA0000u, accm);
        Assert.True(LcpOptions.TryReadAuthenticationProtocol(LcpOptions.MsChapV2, out var auth));
        Assert.True(auth.IsMsChapV2);
        Assert.True(LcpOptions.TryReadQualityProtocol(LcpOptions.QualityProtocol(PppProtocol.LinkQualityReport, [9]), out var quality));
        Assert.Equal(PppProtocol.LinkQualityReport, quality.Protocol);
        Assert.Equal("09", Hex.Of(quality.Data.Span));
        Assert.True(LcpOptions.TryReadMagicNumber(LcpOptions.MagicNumber(7), out var magic));
        Assert.Equal(7u, magic);
        Assert.True(LcpOptions.IsFlag(LcpOptions.ProtocolFieldCompression(), LcpOptionType.ProtocolFieldCompression));
        Assert.True(LcpOptions.TryReadCallback(LcpOptions.Callback(CallbackOperation.DialingString, [0x35]), out var callback));
        Assert.Equal(CallbackOperation.DialingString, callback.Operation);
        Assert.Equal("35", Hex.Of(callback.Message.Span));
        Assert.True(LcpOptions.TryReadMrru(LcpOptions.Mrru(1600), out var mrru));
        Assert.Equal(1600, mrru);
        Assert.True(LcpOptions.TryReadEndpointDiscriminator(LcpOptions.EndpointDiscriminator(1, [0xAA]), out var endpoint));
        Assert.Equal(1, endpoint.Class);
        Assert.Equal("AA", Hex.Of(endpoint.Address.Span));
    }

    [Fact]
    public void Readers_refuse_other_types_and_malformed_lengths()
    {
        Assert.False(LcpOptions.TryReadMru(new PppOption(1, 5), out _));
        Assert.False(LcpOptions.TryReadMru(LcpOptions.Mrru(1400), out _));
        Assert.False(LcpOptions.TryReadAccm(new PppOption(2, 0, 0), out _));
        Assert.False(LcpOptions.TryReadMagicNumber(new PppOption(5, 1, 2, 3, 4, 5), out _));
        Assert.False(LcpOptions.TryReadAuthenticationProtocol(new PppOption(3, 0xC2), out _));
        Assert.False(LcpOptions.TryReadQualityProtocol(LcpOptions.MsChapV2, out _));
        Assert.False(LcpOptions.IsFlag(new PppOption(7, 0), LcpOptionType.ProtocolFieldCompression));
        Assert.False(LcpOptions.TryReadCallback(new PppOption(13), out _));
        Assert.False(LcpOptions.TryReadEndpointDiscriminator(new PppOption(19), out _));
        Assert.False(LcpOptions.TryReadEndpointDiscriminator(LcpOptions.Callback(0, []), out _));
    }

    [Theory]
    [InlineData(PppProtocol.Chap, 0x81, true)]
    [InlineData(PppProtocol.Chap, 0x80, false)]
    [InlineData(PppProtocol.Chap, 0x05, false)]
    [InlineData(PppProtocol.Eap, 0x81, false)]
    public void Ms_chap_v2_is_chap_with_algorithm_0x81(ushort protocol, byte algorithm, bool expected)
    {
        Assert.Equal(expected, new AuthenticationProtocol(protocol, new[] { algorithm }).IsMsChapV2);
        Assert.False(new AuthenticationProtocol(PppProtocol.Chap, new byte[] { 0x81, 0 }).IsMsChapV2);
    }

    private static string Encode(PppOption option)
    {
        var bytes = new byte[option.Length];
        option.WriteTo(bytes);
        return Hex.Of(bytes);
    }
}
