using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>An IPv4 packet made an encrypted PPP frame in place: [PPP 0x00FD][MPPE header][0x0021][IP] (RFC 3078 §3.1).</summary>
public class MppeIpFrameTests
{
    [Theory]
    [InlineData(true, false, "FF0300FD")]
    [InlineData(false, true, "FD")]
    public void The_headers_go_in_front_of_the_packet_and_the_rest_decrypts_to_it(bool addressControl, bool compressProtocol, string pppHeader)
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: true);
        var ip = Hex.Bytes("45 00 00 1C 00 01 00 00 40 11 00 00 0A 00 00 01 0A 00 00 02 12 34 56 78 00 08 00 00");
        var buffer = new byte[MppeEncryptor.IpFrameHeadroom + ip.Length];
        ip.CopyTo(buffer, MppeEncryptor.IpFrameHeadroom);

        var start = link.Encryptor.EncryptIpFrame(buffer, MppeEncryptor.IpFrameHeadroom, ip.Length, addressControl, compressProtocol);

        var headerLength = pppHeader.Length / 2;
        Assert.Equal(MppeEncryptor.IpFrameHeadroom - headerLength - MppeHeader.Length - 2, start);
        Assert.Equal(pppHeader, Hex.Of(buffer.AsSpan(start, headerLength)));
        Assert.Equal(MppeError.None, link.Receive(buffer[(start + headerLength)..], out var payload));
        Assert.Equal(ip, payload);
    }
}
