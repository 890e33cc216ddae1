using Concentrator.Protocol.Ppp;

namespace Concentrator.Sessions.Call;

/// <summary>Wraps control packets in PPP frames for GRE.</summary>
internal static class Frames
{
    /// <summary>A frame with address/control and a two-byte protocol field, then the packet.</summary>
    public static byte[] Ppp(ushort protocol, ReadOnlySpan<byte> packet)
    {
        var header = PppFrame.HeaderLength(protocol, addressControl: true, compressProtocol: false);
        var frame = new byte[header + packet.Length];
        PppFrame.WriteHeader(frame, protocol, addressControl: true, compressProtocol: false);
        packet.CopyTo(frame.AsSpan(header));
        return frame;
    }
}
