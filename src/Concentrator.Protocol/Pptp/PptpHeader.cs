using System.Buffers.Binary;

namespace Concentrator.Protocol.Pptp;

/// <summary>
/// The 12-byte header every PPTP control message starts with (RFC 2637 §1.4, §2):
/// Length (16), PPTP Message Type (16), Magic Cookie (32), Control Message Type (16), Reserved0 (16).
/// </summary>
public static class PptpHeader
{
    /// <summary>Size of the common header in bytes.</summary>
    public const int Size = 12;

    /// <summary>The Magic Cookie every message carries (RFC 2637 §1.4).</summary>
    public const uint MagicCookie = 0x1A2B3C4D;

    /// <summary>PPTP Message Type of a control message (RFC 2637 §1.4); the only type used on the wire.</summary>
    public const ushort ControlMessage = 1;

    /// <summary>The Protocol Version of Start-Control-Connection-Request and -Reply (RFC 2637 §2.1): version 1, revision 0.</summary>
    public const ushort ProtocolVersion = 0x0100;

    /// <summary>
    /// The fixed total length (header included) of each control message type, as RFC 2637 §2.1–§2.15
    /// lay the fields out; 0 for a type the RFC does not define.
    /// </summary>
    public static int LengthOf(ControlMessageType type) => type switch
    {
        ControlMessageType.StartControlConnectionRequest => 156,
        ControlMessageType.StartControlConnectionReply => 156,
        ControlMessageType.StopControlConnectionRequest => 16,
        ControlMessageType.StopControlConnectionReply => 16,
        ControlMessageType.EchoRequest => 16,
        ControlMessageType.EchoReply => 20,
        ControlMessageType.OutgoingCallRequest => 168,
        ControlMessageType.OutgoingCallReply => 32,
        ControlMessageType.IncomingCallRequest => 220,
        ControlMessageType.IncomingCallReply => 24,
        ControlMessageType.IncomingCallConnected => 28,
        ControlMessageType.CallClearRequest => 16,
        ControlMessageType.CallDisconnectNotify => 148,
        ControlMessageType.WanErrorNotify => 40,
        ControlMessageType.SetLinkInfo => 24,
        _ => 0,
    };

    internal static ushort ReadLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16BigEndian(header);

    internal static ushort ReadMessageType(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16BigEndian(header[2..]);

    internal static uint ReadMagicCookie(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32BigEndian(header[4..]);

    internal static ushort ReadControlMessageType(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16BigEndian(header[8..]);

    /// <summary>Writes the header of a message of <paramref name="type"/>; Reserved0 is written as 0.</summary>
    internal static void Write(Span<byte> header, ControlMessageType type)
    {
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)LengthOf(type));
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], ControlMessage);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], MagicCookie);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
    }
}
