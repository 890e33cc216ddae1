using BenchmarkDotNet.Attributes;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;

namespace Concentrator.Benchmarks.DataPath;

/// <summary>
/// The whole per-packet protocol work of the data path, without actors or syscalls: what a received
/// raw-socket packet costs (IPv4 + GRE decode, PPP decode, MPPE-128 stateless decrypt, inner protocol)
/// and what a packet to a client costs (MPPE-128 encrypt, PPP header, GRE header with sequence and ack).
/// MB/s = IP payload bytes / mean time.
/// </summary>
[MemoryDiagnoser]
public class PacketPathBenchmarks
{
    private static readonly byte[] StartKey = Convert.FromHexString("8B7CDC149B993A1BA118CB153F56DCCB");

    private byte[] _received = null!;   // IPv4 + GRE + PPP(FF03 00FD) + MPPE + 0021 + IP, as from the raw socket
    private byte[] _outgoing = null!;   // headroom + IP, as from the TUN
    private MppeEncryptor _encryptor = null!;
    private MppeDecryptor _decryptor = null!;
    private MppeEncryptor _peer = null!;
    private int _mppeOffset;
    private uint _sequence;

    /// <summary>IP packet size.</summary>
    [Params(64, 1400)]
    public int IpSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encryptor = new MppeEncryptor(StartKey, MppeKeyLength.Bits128, stateless: true);
        _decryptor = new MppeDecryptor(StartKey, MppeKeyLength.Bits128, stateless: true);
        _peer = new MppeEncryptor(StartKey, MppeKeyLength.Bits128, stateless: true);
        var pppLength = 4 + MppeHeader.Length + 2 + IpSize;
        _received = new byte[20 + 16 + pppLength];
        _received[0] = 0x45;
        _received[2] = (byte)(_received.Length >> 8);
        _received[3] = (byte)_received.Length;
        _received[8] = 64;
        _received[9] = IpProtocol.Gre;
        GreHeader.Write(_received.AsSpan(20), 1, (ushort)pppLength, true, 0, true, 0);
        _mppeOffset = 20 + 16 + 4;
        PppFrame.WriteHeader(_received.AsSpan(36), MppeHeader.PppProtocol, true, false);
        _outgoing = new byte[32 + IpSize];
    }

    /// <summary>Everything the receive path does for one packet from a client, up to the IP packet for the TUN.</summary>
    [Benchmark]
    public int ReceiveDecodeDecrypt()
    {
        // The peer's next packet: a fresh coherency count, as a client would send.
        _received[_mppeOffset + 2] = 0;
        _received[_mppeOffset + 3] = 0x21;
        _peer.Encrypt(_received.AsSpan(_mppeOffset, MppeHeader.Length + 2 + IpSize));
        if (!GreHeader.TryDecodeIpv4(_received, out _, out var gre, out _)) return -1;
        var frame = _received.AsSpan(20 + gre.HeaderLength, gre.PayloadLength);
        if (!PppFrame.TryDecode(frame, out var protocol, out var information, out _) || protocol != MppeHeader.PppProtocol) return -2;
        var mppe = frame[(frame.Length - information.Length)..];
        if (_decryptor.Decrypt(mppe) != MppeError.None) return -3;
        return PppFrame.TryDecodeHeader(mppe[MppeHeader.Length..], out var inner, out var header, out _) && inner == PppProtocol.Ip
            ? mppe.Length - MppeHeader.Length - header
            : -4;
    }

    /// <summary>The same receive path without the peer's encryption (what the server itself spends).</summary>
    [Benchmark]
    public int ReceiveDecodeOnly()
    {
        if (!GreHeader.TryDecodeIpv4(_received, out _, out var gre, out _)) return -1;
        var frame = _received.AsSpan(20 + gre.HeaderLength, gre.PayloadLength);
        return PppFrame.TryDecode(frame, out var protocol, out _, out _) && protocol == MppeHeader.PppProtocol ? frame.Length : -2;
    }

    /// <summary>Everything the send path does for one IP packet to a client, up to the GRE packet for the raw socket.</summary>
    [Benchmark]
    public int EncryptEncode()
    {
        var buffer = _outgoing.AsSpan();
        const int start = 32;
        var mppeStart = start - 4;
        buffer[mppeStart + 2] = 0x00;
        buffer[mppeStart + 3] = 0x21;
        _encryptor.Encrypt(buffer.Slice(mppeStart, IpSize + 4));
        var pppStart = mppeStart - PppFrame.HeaderLength(MppeHeader.PppProtocol, true, false);
        PppFrame.WriteHeader(buffer[pppStart..], MppeHeader.PppProtocol, true, false);
        var greStart = pppStart - GreHeader.SizeOf(true, true);
        return GreHeader.Write(buffer[greStart..], 7, (ushort)(start + IpSize - pppStart), true, _sequence++, true, 3) + start + IpSize - pppStart;
    }
}
