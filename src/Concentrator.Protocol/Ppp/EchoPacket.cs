using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp;

/// <summary>
/// LCP Echo-Request, Echo-Reply or Discard-Request (RFC 1661 §5.8): Magic-Number then uninterpreted Data.
/// </summary>
public sealed record EchoPacket(ControlCode Code, byte Identifier, uint MagicNumber, ReadOnlyMemory<byte> Data)
{
    private const int MagicLength = 4;

    /// <summary>True for Echo-Request, Echo-Reply and Discard-Request.</summary>
    public static bool IsEchoCode(ControlCode code) =>
        code is ControlCode.EchoRequest or ControlCode.EchoReply or ControlCode.DiscardRequest;

    public static bool TryDecode(ControlPacket packet, out EchoPacket echo, out ControlPacketError error)
    {
        echo = new EchoPacket(packet.Code, packet.Identifier, 0, ReadOnlyMemory<byte>.Empty);
        if (!IsEchoCode(packet.Code))
        {
            error = ControlPacketError.UnexpectedCode;
            return false;
        }

        if (packet.Data.Length < MagicLength)
        {
            error = ControlPacketError.TruncatedData;
            return false;
        }

        echo = echo with { MagicNumber = BinaryPrimitives.ReadUInt32BigEndian(packet.Data.Span), Data = packet.Data[MagicLength..] };
        error = ControlPacketError.None;
        return true;
    }

    public ControlPacket ToControlPacket()
    {
        var data = new byte[MagicLength + Data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, MagicNumber);
        Data.Span.CopyTo(data.AsSpan(MagicLength));
        return new ControlPacket(Code, Identifier, data);
    }
}
