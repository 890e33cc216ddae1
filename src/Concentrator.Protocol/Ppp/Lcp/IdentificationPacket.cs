using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>LCP Identification (RFC 1570 §2.1): Magic-Number then a Message (Windows: "MSRASV5.20" etc.).</summary>
public sealed record IdentificationPacket(byte Identifier, uint MagicNumber, ReadOnlyMemory<byte> Message)
{
    private const int MagicLength = 4;

    public static bool TryDecode(ControlPacket packet, out IdentificationPacket identification, out ControlPacketError error)
    {
        identification = new IdentificationPacket(packet.Identifier, 0, ReadOnlyMemory<byte>.Empty);
        if (packet.Code != ControlCode.Identification)
        {
            error = ControlPacketError.UnexpectedCode;
            return false;
        }

        if (packet.Data.Length < MagicLength)
        {
            error = ControlPacketError.TruncatedData;
            return false;
        }

        identification = identification with
        {
            MagicNumber = BinaryPrimitives.ReadUInt32BigEndian(packet.Data.Span),
            Message = packet.Data[MagicLength..],
        };
        error = ControlPacketError.None;
        return true;
    }

    public ControlPacket ToControlPacket()
    {
        var data = new byte[MagicLength + Message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, MagicNumber);
        Message.Span.CopyTo(data.AsSpan(MagicLength));
        return new ControlPacket(ControlCode.Identification, Identifier, data);
    }
}
