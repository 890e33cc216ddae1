using System.Net;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Tests.Ppp.Lcp;
using CsCheck;

namespace Concentrator.Protocol.Tests.Ppp.Ipcp;

public class IpcpRoundTripTests
{
    private static readonly Gen<IPAddress> Address = Gen.Byte.Array[4].Select(bytes => new IPAddress(bytes));

    private static readonly Gen<IpcpOptionType> AddressType = Gen.OneOfConst(
        IpcpOptionType.IpAddress, IpcpOptionType.PrimaryDns, IpcpOptionType.PrimaryNbns, IpcpOptionType.SecondaryDns, IpcpOptionType.SecondaryNbns);

    [Fact]
    public void Address_options_round_trip() =>
        Gen.Select(AddressType, Address).Sample((type, address) =>
        {
            Assert.True(IpcpOptions.TryReadAddress(LcpRoundTripTests.ViaWire(IpcpOptions.Address(type, address)), type, out var decoded));
            Assert.Equal(address, decoded);
        });

    [Fact]
    public void Ip_addresses_round_trips() =>
        Gen.Select(Address, Address).Sample((source, destination) =>
        {
            Assert.True(IpcpOptions.TryReadIpAddresses(LcpRoundTripTests.ViaWire(IpcpOptions.IpAddresses(source, destination)), out var s, out var d));
            Assert.Equal((source, destination), (s, d));
        });

    [Fact]
    public void Ip_compression_round_trips() =>
        Gen.Select(Gen.UShort, Generators.Bytes(20)).Sample((protocol, data) =>
        {
            Assert.True(IpcpOptions.TryReadIpCompressionProtocol(LcpRoundTripTests.ViaWire(IpcpOptions.IpCompressionProtocol(protocol, data)), out var decoded));
            Assert.Equal(protocol, decoded.Protocol);
            Assert.Equal(data, decoded.Data.ToArray());
        });
}
