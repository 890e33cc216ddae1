using Concentrator.Protocol.Ppp;

namespace Concentrator.Protocol.Tests.Ppp;

public class PppFrameTests
{
    [Theory]
    // LCP with Address/Control and full protocol (RFC 1662 §3.1).
    [InlineData("FF 03 C0 21 01 01 00 04", PppProtocol.Lcp, 4, "01010004")]
    // IPv4 after ACFC and PFC were negotiated: one odd protocol octet only (RFC 1661 §6.5, RFC 1662 §3.2).
    [InlineData("21 45 00", PppProtocol.Ip, 1, "4500")]
    // ACFC only: two-octet protocol, no Address/Control.
    [InlineData("00 21 45", PppProtocol.Ip, 2, "45")]
    // PFC only: Address/Control then one protocol octet.
    [InlineData("FF 03 FD 90 00", PppProtocol.CompressedDatagram, 3, "9000")]
    // IPCP, full header, empty information field.
    [InlineData("FF 03 80 21", PppProtocol.Ipcp, 4, "")]
    // 0xFF not followed by 0x03 is no Address field: 0xFF is an odd (compressed) protocol octet.
    [InlineData("FF 04", 0x00FF, 1, "04")]
    public void Decodes_header_variants(string frame, int protocol, int headerLength, string payload)
    {
        var bytes = Hex.Bytes(frame);

        Assert.True(PppFrame.TryDecode(bytes, out var decoded, out var information, out var error));
        Assert.Equal(PppFrameError.None, error);
        Assert.Equal(protocol, decoded);
        Assert.Equal(payload, Hex.Of(information));
        Assert.True(PppFrame.TryDecodeHeader(bytes, out _, out var length, out _));
        Assert.Equal(headerLength, length);
    }

    [Theory]
    [InlineData("", PppFrameError.Empty)]
    [InlineData("FF 03", PppFrameError.Empty)]
    [InlineData("C0", PppFrameError.TruncatedProtocol)]
    [InlineData("FF 03 80", PppFrameError.TruncatedProtocol)]
    [InlineData("C0 20 01", PppFrameError.InvalidProtocol)]
    [InlineData("FF 03 00 00", PppFrameError.InvalidProtocol)]
    public void Rejects_malformed_headers(string frame, PppFrameError expected)
    {
        Assert.False(PppFrame.TryDecode(Hex.Bytes(frame), out _, out var payload, out var error));
        Assert.Equal(expected, error);
        Assert.True(payload.IsEmpty);
    }

    [Theory]
    [InlineData(PppProtocol.Ip, true, false, "FF030021")]
    [InlineData(PppProtocol.Ip, true, true, "FF0321")]
    [InlineData(PppProtocol.Ip, false, true, "21")]
    [InlineData(PppProtocol.Ip, false, false, "0021")]
    [InlineData(PppProtocol.Ccp, false, true, "80FD")] // too large to compress
    [InlineData(PppProtocol.Lcp, false, true, "FF03C021")] // RFC 1662 §3.2: never ACFC on LCP
    public void Writes_headers(ushort protocol, bool addressControl, bool compressProtocol, string expected)
    {
        Span<byte> buffer = stackalloc byte[PppFrame.MaxHeaderLength];

        var written = PppFrame.WriteHeader(buffer, protocol, addressControl, compressProtocol);

        Assert.Equal(expected, Hex.Of(buffer[..written]));
        Assert.Equal(written, PppFrame.HeaderLength(protocol, addressControl, compressProtocol));
    }

    [Theory]
    [InlineData(PppProtocol.Lcp, "FF03C021" + "0901000C")]
    [InlineData(PppProtocol.Ccp, "FF0380FD" + "0901000C")]
    public void Control_frames_carry_the_full_header(ushort protocol, string expected) =>
        Assert.Equal(expected, Hex.Of(PppFrame.ControlFrame(protocol, Hex.Bytes("0901000C"))));

    [Fact]
    public void Writing_into_a_short_buffer_is_an_argument_error()
    {
        var buffer = new byte[1];

        Assert.Throws<ArgumentException>(() => PppFrame.WriteHeader(buffer, PppProtocol.Ip, true, false));
    }

    [Fact]
    public void Decode_and_header_encode_allocate_nothing()
    {
        var frame = Hex.Bytes("FF 03 00 21 45 00 00 14");
        var compressed = Hex.Bytes("21 45 00 00 14");
        var header = new byte[PppFrame.MaxHeaderLength];
        var sum = RunDataPath(frame, compressed, header); // warm up (JIT)

        var before = GC.GetAllocatedBytesForCurrentThread();
        sum += RunDataPath(frame, compressed, header);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2 * 10_000 * (2 * PppProtocol.Ip + 4 + 1 + 4), sum);
    }

    private static long RunDataPath(byte[] frame, byte[] compressed, byte[] header)
    {
        long sum = 0;
        for (var i = 0; i < 10_000; i++)
        {
            PppFrame.TryDecode(frame, out var protocol, out var payload, out _);
            PppFrame.TryDecode(compressed, out var protocol2, out _, out _);
            sum += protocol + protocol2 + payload.Length;
            sum += PppFrame.WriteHeader(header, PppProtocol.Ip, false, true);
            sum += PppFrame.WriteHeader(header, PppProtocol.Ip, true, false);
        }

        return sum;
    }
}
