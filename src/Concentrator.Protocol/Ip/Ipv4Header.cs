using System.Buffers.Binary;

namespace Concentrator.Protocol.Ip;

/// <summary>
/// The fields of an IPv4 header (RFC 791 §3.1) the concentrator needs, read without allocating:
/// from packets the GRE raw socket delivers (Linux includes the IPv4 header) and from the inner
/// packets carried in the tunnel. Options are skipped, not parsed. The header checksum is not
/// verified: the kernel has checked it on the raw socket path, and the TUN path hands the packet
/// to a kernel that checks it.
/// </summary>
public readonly struct Ipv4Header
{
    /// <summary>Size of a header without options.</summary>
    public const int MinimumSize = 20;

    private Ipv4Header(int headerLength, ushort totalLength, ushort fragmentField, byte timeToLive, byte protocol, uint source, uint destination)
    {
        HeaderLength = headerLength;
        TotalLength = totalLength;
        FragmentField = fragmentField;
        TimeToLive = timeToLive;
        Protocol = protocol;
        Source = source;
        Destination = destination;
    }

    /// <summary>Header length in bytes (IHL × 4), options included; the payload starts here.</summary>
    public int HeaderLength { get; }

    /// <summary>Total Length: header plus payload, in bytes.</summary>
    public ushort TotalLength { get; }

    /// <summary>Time to Live.</summary>
    public byte TimeToLive { get; }

    /// <summary>Protocol of the payload (see <see cref="IpProtocol"/>).</summary>
    public byte Protocol { get; }

    /// <summary>Source address as a big-endian number: a.b.c.d is <c>a &lt;&lt; 24 | b &lt;&lt; 16 | c &lt;&lt; 8 | d</c>.</summary>
    public uint Source { get; }

    /// <summary>Destination address, same representation as <see cref="Source"/>.</summary>
    public uint Destination { get; }

    /// <summary>The More Fragments flag (RFC 791 §3.1 Flags, bit 2).</summary>
    public bool MoreFragments => (FragmentField & 0x2000) != 0;

    /// <summary>Fragment Offset in units of 8 bytes.</summary>
    public ushort FragmentOffset => (ushort)(FragmentField & 0x1FFF);

    /// <summary>True for any fragment of a fragmented datagram (MF set or a non-zero offset).</summary>
    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    private ushort FragmentField { get; }

    /// <summary>
    /// Reads the header of <paramref name="packet"/>, which must hold exactly one packet: Version 4,
    /// IHL ≥ 5, and Total Length equal to <c>packet.Length</c>. Fragments are valid packets here; callers
    /// that need whole datagrams check <see cref="IsFragment"/>. Never throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> packet, out Ipv4Header header, out Ipv4Error error)
    {
        header = default;
        if (packet.Length < MinimumSize)
        {
            error = Ipv4Error.Truncated;
            return false;
        }

        if (packet[0] >> 4 != 4)
        {
            error = Ipv4Error.BadVersion;
            return false;
        }

        int headerLength = (packet[0] & 0x0F) * 4;
        if (headerLength < MinimumSize)
        {
            error = Ipv4Error.BadHeaderLength;
            return false;
        }

        ushort totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength != packet.Length)
        {
            error = Ipv4Error.TotalLengthMismatch;
            return false;
        }

        if (headerLength > totalLength)
        {
            error = Ipv4Error.BadHeaderLength;
            return false;
        }

        header = new Ipv4Header(
            headerLength,
            totalLength,
            BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            packet[8],
            packet[9],
            BinaryPrimitives.ReadUInt32BigEndian(packet[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]));
        error = Ipv4Error.None;
        return true;
    }
}
