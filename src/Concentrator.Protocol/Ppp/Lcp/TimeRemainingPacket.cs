using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>LCP Time-Remaining (RFC 1570 §2.2): Magic-Number, Seconds-Remaining, then a Message.</summary>
public sealed record TimeRemainingPacket(byte Identifier, uint MagicNumber, uint SecondsRemaining, ReadOnlyMemory<byte> Message)
{
    private const int FixedLength = 8;

    public static bool TryDecode(ControlPacket packet, out TimeRemainingPacket timeRemaining, out ControlPacketError error)
    {
        timeRemaining = new TimeRemainingPacket(packet.Identifier, 0, 0, ReadOnlyMemory<byte>.Empty);
        if (packet.Code != ControlCode.TimeRemaining)
        {
            error = ControlPacketError.UnexpectedCode;
            return false;
        }

        if (packet.Data.Length < FixedLength)
        {
            error = ControlPacketError.TruncatedData;
            return false;
        }

        var span = packet.Data.Span;
        timeRemaining = timeRemaining with
        {
            MagicNumber = BinaryPrimitives.ReadUInt32BigEndian(span),
            SecondsRemaining = BinaryPrimitives.ReadUInt32BigEndian(span[4..]),
            Message = packet.Data[FixedLength..],
        };
        error = ControlPacketError.None;
        return true;
    }

    public ControlPacket ToControlPacket()
    {
        var data = new byte[FixedLength + Message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, MagicNumber);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), SecondsRemaining);
        Message.Span.CopyTo(data.AsSpan(FixedLength));
        return new ControlPacket(ControlCode.TimeRemaining, Identifier, data);
    }
}
