using System.Buffers.Binary;

namespace Concentrator.Protocol.Ip;

/// <summary>
/// TCP MSS clamping for packets entering or leaving the tunnel: lowers the Maximum Segment Size
/// option (RFC 9293 §3.7.1, kind 2, length 4) of SYN segments so that full-sized segments fit the
/// tunnel MTU without fragmenting. In place, no allocation.
/// </summary>
public static class Ipv4Mss
{
    private const int TcpMinimumHeader = 20;
    private const byte SynFlag = 0x02;
    private const byte OptionEnd = 0;
    private const byte OptionNop = 1;
    private const byte OptionMss = 2;

    /// <summary>
    /// If <paramref name="ipPacket"/> is an unfragmented IPv4 TCP SYN with an MSS option above
    /// <paramref name="maxMss"/>, rewrites the option to <paramref name="maxMss"/> and adjusts the TCP
    /// checksum incrementally (RFC 1624). Any other packet is left untouched. Never throws.
    /// </summary>
    public static MssClampResult Clamp(Span<byte> ipPacket, ushort maxMss)
    {
        if (!Ipv4Header.TryDecode(ipPacket, out Ipv4Header ip, out _))
        {
            return MssClampResult.Malformed;
        }

        if (ip.Protocol != IpProtocol.Tcp)
        {
            return MssClampResult.NotTcp;
        }

        if (ip.IsFragment)
        {
            return MssClampResult.Fragment;
        }

        Span<byte> tcp = ipPacket[ip.HeaderLength..];
        if (tcp.Length < TcpMinimumHeader)
        {
            return MssClampResult.Malformed;
        }

        int dataOffset = (tcp[12] >> 4) * 4;
        if (dataOffset < TcpMinimumHeader || dataOffset > tcp.Length)
        {
            return MssClampResult.Malformed;
        }

        if ((tcp[13] & SynFlag) == 0)
        {
            return MssClampResult.NotSyn;
        }

        int i = TcpMinimumHeader;
        while (i < dataOffset)
        {
            byte kind = tcp[i];
            if (kind == OptionEnd)
            {
                break;
            }

            if (kind == OptionNop)
            {
                i++;
                continue;
            }

            if (i + 1 >= dataOffset)
            {
                return MssClampResult.Malformed;
            }

            int length = tcp[i + 1];
            if (length < 2 || i + length > dataOffset)
            {
                return MssClampResult.Malformed;
            }

            if (kind == OptionMss)
            {
                return length == 4 ? Lower(tcp, i + 2, maxMss) : MssClampResult.Malformed;
            }

            i += length;
        }

        return MssClampResult.NoMssOption;
    }

    private static MssClampResult Lower(Span<byte> tcp, int valueOffset, ushort maxMss)
    {
        ushort mss = BinaryPrimitives.ReadUInt16BigEndian(tcp[valueOffset..]);
        if (mss <= maxMss)
        {
            return MssClampResult.WithinLimit;
        }

        BinaryPrimitives.WriteUInt16BigEndian(tcp[valueOffset..], maxMss);

        // The checksum sums 16-bit words aligned to the start of the segment. A value at an odd offset
        // straddles two words; its contribution to the one's-complement sum is then that of its
        // byte-swapped value (RFC 1071 §2(B), byte order independence).
        bool odd = (valueOffset & 1) != 0;
        ushort oldWord = odd ? BinaryPrimitives.ReverseEndianness(mss) : mss;
        ushort newWord = odd ? BinaryPrimitives.ReverseEndianness(maxMss) : maxMss;
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(tcp[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.Update(checksum, oldWord, newWord));
        return MssClampResult.Clamped;
    }
}
