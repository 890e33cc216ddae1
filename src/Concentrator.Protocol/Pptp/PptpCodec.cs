using System.Diagnostics.CodeAnalysis;

namespace Concentrator.Protocol.Pptp;

/// <summary>Decodes one complete PPTP control message (RFC 2637 §2).</summary>
public static class PptpCodec
{
    /// <summary>
    /// Decodes <paramref name="message"/>, which must hold exactly one message (as cut by
    /// <see cref="PptpFramer"/>). Strict on the PPTP Message Type, the Magic Cookie, the Control Message
    /// Type and the Length (RFC 2637 §1.4, §2); liberal on reserved fields, which are ignored, and on
    /// result/error codes the RFC does not define, which are kept as received. Never throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, [NotNullWhen(true)] out PptpMessage? msg, out PptpError error)
    {
        msg = null;
        if (message.Length < PptpHeader.Size)
        {
            error = PptpError.Truncated;
            return false;
        }

        if (PptpHeader.ReadMessageType(message) != PptpHeader.ControlMessage)
        {
            error = PptpError.BadMessageType;
            return false;
        }

        if (PptpHeader.ReadMagicCookie(message) != PptpHeader.MagicCookie)
        {
            error = PptpError.BadMagicCookie;
            return false;
        }

        var type = (ControlMessageType)PptpHeader.ReadControlMessageType(message);
        int expected = PptpHeader.LengthOf(type);
        if (expected == 0)
        {
            error = PptpError.UnknownControlMessageType;
            return false;
        }

        int length = PptpHeader.ReadLength(message);
        if (length != expected)
        {
            error = PptpError.WrongLengthForType;
            return false;
        }

        if (message.Length < length)
        {
            error = PptpError.Truncated;
            return false;
        }

        if (message.Length > length)
        {
            error = PptpError.TrailingBytes;
            return false;
        }

        msg = ReadBody(type, message[PptpHeader.Size..]);
        error = PptpError.None;
        return true;
    }

    private static PptpMessage ReadBody(ControlMessageType type, ReadOnlySpan<byte> body) => type switch
    {
        ControlMessageType.StartControlConnectionRequest => StartControlConnectionRequest.Read(body),
        ControlMessageType.StartControlConnectionReply => StartControlConnectionReply.Read(body),
        ControlMessageType.StopControlConnectionRequest => StopControlConnectionRequest.Read(body),
        ControlMessageType.StopControlConnectionReply => StopControlConnectionReply.Read(body),
        ControlMessageType.EchoRequest => EchoRequest.Read(body),
        ControlMessageType.EchoReply => EchoReply.Read(body),
        ControlMessageType.OutgoingCallRequest => OutgoingCallRequest.Read(body),
        ControlMessageType.OutgoingCallReply => OutgoingCallReply.Read(body),
        ControlMessageType.IncomingCallRequest => IncomingCallRequest.Read(body),
        ControlMessageType.IncomingCallReply => IncomingCallReply.Read(body),
        ControlMessageType.IncomingCallConnected => IncomingCallConnected.Read(body),
        ControlMessageType.CallClearRequest => CallClearRequest.Read(body),
        ControlMessageType.CallDisconnectNotify => CallDisconnectNotify.Read(body),
        ControlMessageType.WanErrorNotify => WanErrorNotify.Read(body),
        _ => SetLinkInfo.Read(body),
    };
}
