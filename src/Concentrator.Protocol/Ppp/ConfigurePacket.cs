namespace Concentrator.Protocol.Ppp;

/// <summary>
/// Configure-Request, -Ack, -Nak or -Reject (RFC 1661 §5.1–§5.4): a control packet whose Data is an option list.
/// </summary>
public sealed record ConfigurePacket(ControlCode Code, byte Identifier, IReadOnlyList<PppOption> Options)
{
    /// <summary>True for the four Configure-* codes.</summary>
    public static bool IsConfigureCode(ControlCode code) =>
        code is ControlCode.ConfigureRequest or ControlCode.ConfigureAck or ControlCode.ConfigureNak or ControlCode.ConfigureReject;

    /// <summary>Decodes the option list of a Configure-* packet.</summary>
    public static bool TryDecode(ControlPacket packet, out ConfigurePacket configure, out ControlPacketError error)
    {
        configure = new ConfigurePacket(packet.Code, packet.Identifier, []);
        if (!IsConfigureCode(packet.Code))
        {
            error = ControlPacketError.UnexpectedCode;
            return false;
        }

        if (!PppOptionList.TryDecode(packet.Data.Span, out var options, out error))
        {
            return false;
        }

        configure = configure with { Options = options };
        return true;
    }

    /// <summary>The packet in the common format.</summary>
    public ControlPacket ToControlPacket() => new(Code, Identifier, PppOptionList.ToArray(Options));
}
