using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp;

/// <summary>
/// The PPP frame as carried in enhanced GRE (RFC 2637 §4.1): optional Address/Control (RFC 1662 §3.1/§3.2),
/// Protocol field of one or two octets (RFC 1661 §2, §6.5), then the Information field.
/// No flags and no FCS: GRE carries the frame without HDLC framing. Zero allocation but for <see cref="ControlFrame"/>.
/// </summary>
public static class PppFrame
{
    /// <summary>The All-Stations address (RFC 1662 §3.1).</summary>
    public const byte AllStationsAddress = 0xFF;

    /// <summary>The Unnumbered Information control value (RFC 1662 §3.1).</summary>
    public const byte UnnumberedInformation = 0x03;

    /// <summary>Largest header: Address, Control, two-octet Protocol.</summary>
    public const int MaxHeaderLength = 4;

    /// <summary>Decodes a frame into its Protocol and Information field (a slice of <paramref name="frame"/>).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, out ushort protocol, out ReadOnlySpan<byte> payload, out PppFrameError error)
    {
        if (!TryDecodeHeader(frame, out protocol, out var headerLength, out error))
        {
            payload = default;
            return false;
        }

        payload = frame[headerLength..];
        return true;
    }

    /// <summary>Decodes only the header; <paramref name="headerLength"/> is where the Information field starts.</summary>
    public static bool TryDecodeHeader(ReadOnlySpan<byte> frame, out ushort protocol, out int headerLength, out PppFrameError error)
    {
        protocol = 0;
        headerLength = 0;

        // RFC 1662 §3.2: "If they contain the values 0xff and 0x03, they are assumed to be the Address
        // and Control fields. If not, it is assumed that the fields were compressed."
        var offset = frame.Length >= 2 && frame[0] == AllStationsAddress && frame[1] == UnnumberedInformation ? 2 : 0;
        if (frame.Length <= offset)
        {
            error = PppFrameError.Empty;
            return false;
        }

        var first = frame[offset];
        if ((first & 1) == 1)
        {
            // RFC 1661 §6.5: an odd first octet is a compressed (one-octet) Protocol field.
            protocol = first;
            headerLength = offset + 1;
            error = PppFrameError.None;
            return true;
        }

        if (frame.Length < offset + 2)
        {
            error = PppFrameError.TruncatedProtocol;
            return false;
        }

        var second = frame[offset + 1];
        if ((second & 1) == 0)
        {
            // RFC 1661 §2: the least significant bit of the least significant octet must be 1.
            error = PppFrameError.InvalidProtocol;
            return false;
        }

        protocol = (ushort)((first << 8) | second);
        headerLength = offset + 2;
        error = PppFrameError.None;
        return true;
    }

    /// <summary>How many octets <see cref="WriteHeader"/> writes for these arguments.</summary>
    public static int HeaderLength(ushort protocol, bool addressControl, bool compressProtocol)
    {
        var withAddressControl = addressControl || protocol == PppProtocol.Lcp;
        return (withAddressControl ? 2 : 0) + (CanCompress(protocol, compressProtocol) ? 1 : 2);
    }

    /// <summary>
    /// Writes Address/Control (when <paramref name="addressControl"/>) and the Protocol field (one octet when
    /// <paramref name="compressProtocol"/> and the value fits, RFC 1661 §6.5). LCP frames always carry the
    /// full header: RFC 1662 §3.2 forbids Address-and-Control-Field-Compression on LCP packets.
    /// </summary>
    /// <returns>The number of octets written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="HeaderLength"/>.</exception>
    public static int WriteHeader(Span<byte> destination, ushort protocol, bool addressControl, bool compressProtocol)
    {
        var length = HeaderLength(protocol, addressControl, compressProtocol);
        if (destination.Length < length)
        {
            ThrowDestinationTooShort();
        }

        var offset = 0;
        if (addressControl || protocol == PppProtocol.Lcp)
        {
            destination[0] = AllStationsAddress;
            destination[1] = UnnumberedInformation;
            offset = 2;
        }

        if (CanCompress(protocol, compressProtocol))
        {
            destination[offset] = (byte)protocol;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], protocol);
        }

        return length;
    }

    /// <summary>
    /// A control frame (LCP, CHAP, IPCP, CCP) as both ends here send it: Address/Control and a two-octet Protocol
    /// field, then <paramref name="packet"/>. RFC 1662 §3.2 requires the full header for LCP; the other control
    /// protocols are sent the same way, which every peer accepts. Allocates: control path only.
    /// </summary>
    public static byte[] ControlFrame(ushort protocol, ReadOnlySpan<byte> packet)
    {
        var header = HeaderLength(protocol, addressControl: true, compressProtocol: false);
        var frame = new byte[header + packet.Length];
        WriteHeader(frame, protocol, addressControl: true, compressProtocol: false);
        packet.CopyTo(frame.AsSpan(header));
        return frame;
    }

    private static bool CanCompress(ushort protocol, bool compressProtocol) => compressProtocol && protocol <= 0xFF;

    private static void ThrowDestinationTooShort() =>
        throw new ArgumentException("Destination is shorter than the PPP header.", "destination");
}
