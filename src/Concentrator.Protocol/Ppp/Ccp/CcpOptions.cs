using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp.Ccp;

/// <summary>Typed view of the CCP MPPE option (RFC 3078 §2: Type 18, Length 6, four octets of Supported Bits).</summary>
public static class CcpOptions
{
    public static PppOption Mppe(MppeBits bits)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)bits);
        return new PppOption((byte)CcpOptionType.Mppe, data);
    }

    public static bool TryReadMppe(PppOption option, out MppeBits bits)
    {
        bits = MppeBits.None;
        if (option.Type != (byte)CcpOptionType.Mppe || option.Data.Length != 4)
        {
            return false;
        }

        bits = (MppeBits)BinaryPrimitives.ReadUInt32BigEndian(option.Data.Span);
        return true;
    }
}
