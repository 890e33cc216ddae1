using System.Buffers.Binary;

namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>
/// Typed views of LCP options: a factory and a reader per known type. Readers return false for another type
/// or a Length that does not match the RFC's format, and never throw.
/// </summary>
public static class LcpOptions
{
    /// <summary>The default MRU (RFC 1661 §6.1).</summary>
    public const ushort DefaultMru = 1500;

    /// <summary>Auth-Protocol CHAP with MS-CHAPv2 (RFC 2759 §2): 03 05 C2 23 81.</summary>
    public static PppOption MsChapV2 { get; } =
        AuthenticationProtocol(PppProtocol.Chap, [(byte)ChapAlgorithm.MsChapV2]);

    /// <summary>RFC 1661 §6.1.</summary>
    public static PppOption Mru(ushort mru) => Word(LcpOptionType.MaximumReceiveUnit, mru);

    public static bool TryReadMru(PppOption option, out ushort mru) => TryReadWord(option, LcpOptionType.MaximumReceiveUnit, out mru);

    /// <summary>RFC 1662 §7.1.</summary>
    public static PppOption Accm(uint map) => DoubleWord(LcpOptionType.AsyncControlCharacterMap, map);

    public static bool TryReadAccm(PppOption option, out uint map) => TryReadDoubleWord(option, LcpOptionType.AsyncControlCharacterMap, out map);

    /// <summary>RFC 1661 §6.2.</summary>
    public static PppOption AuthenticationProtocol(ushort protocol, ReadOnlySpan<byte> data) =>
        ProtocolAndData(LcpOptionType.AuthenticationProtocol, protocol, data);

    public static bool TryReadAuthenticationProtocol(PppOption option, out AuthenticationProtocol value)
    {
        var ok = TryReadProtocolAndData(option, LcpOptionType.AuthenticationProtocol, out var protocol, out var data);
        value = new AuthenticationProtocol(protocol, data);
        return ok;
    }

    /// <summary>RFC 1661 §6.3.</summary>
    public static PppOption QualityProtocol(ushort protocol, ReadOnlySpan<byte> data) =>
        ProtocolAndData(LcpOptionType.QualityProtocol, protocol, data);

    public static bool TryReadQualityProtocol(PppOption option, out QualityProtocol value)
    {
        var ok = TryReadProtocolAndData(option, LcpOptionType.QualityProtocol, out var protocol, out var data);
        value = new QualityProtocol(protocol, data);
        return ok;
    }

    /// <summary>RFC 1661 §6.4.</summary>
    public static PppOption MagicNumber(uint magic) => DoubleWord(LcpOptionType.MagicNumber, magic);

    public static bool TryReadMagicNumber(PppOption option, out uint magic) => TryReadDoubleWord(option, LcpOptionType.MagicNumber, out magic);

    /// <summary>RFC 1661 §6.5.</summary>
    public static PppOption ProtocolFieldCompression() => new((byte)LcpOptionType.ProtocolFieldCompression);

    /// <summary>RFC 1661 §6.6.</summary>
    public static PppOption AddressControlFieldCompression() => new((byte)LcpOptionType.AddressControlFieldCompression);

    /// <summary>True when the option is a well-formed flag option (Length 2) of the given type (PFC, ACFC).</summary>
    public static bool IsFlag(PppOption option, LcpOptionType type) => option.Type == (byte)type && option.Data.IsEmpty;

    /// <summary>RFC 1570 §2.3.</summary>
    public static PppOption Callback(CallbackOperation operation, ReadOnlySpan<byte> message)
    {
        var data = new byte[1 + message.Length];
        data[0] = (byte)operation;
        message.CopyTo(data.AsSpan(1));
        return new PppOption((byte)LcpOptionType.Callback, data);
    }

    public static bool TryReadCallback(PppOption option, out Callback value)
    {
        value = default;
        if (option.Type != (byte)LcpOptionType.Callback || option.Data.IsEmpty)
        {
            return false;
        }

        value = new Callback((CallbackOperation)option.Data.Span[0], option.Data[1..]);
        return true;
    }

    /// <summary>RFC 1990 §5.1.1.</summary>
    public static PppOption Mrru(ushort mrru) => Word(LcpOptionType.MultilinkMrru, mrru);

    public static bool TryReadMrru(PppOption option, out ushort mrru) => TryReadWord(option, LcpOptionType.MultilinkMrru, out mrru);

    /// <summary>RFC 1990 §5.1.3.</summary>
    public static PppOption EndpointDiscriminator(byte discriminatorClass, ReadOnlySpan<byte> address)
    {
        var data = new byte[1 + address.Length];
        data[0] = discriminatorClass;
        address.CopyTo(data.AsSpan(1));
        return new PppOption((byte)LcpOptionType.EndpointDiscriminator, data);
    }

    public static bool TryReadEndpointDiscriminator(PppOption option, out EndpointDiscriminator value)
    {
        value = default;
        if (option.Type != (byte)LcpOptionType.EndpointDiscriminator || option.Data.IsEmpty)
        {
            return false;
        }

        value = new EndpointDiscriminator(option.Data.Span[0], option.Data[1..]);
        return true;
    }

    private static PppOption Word(LcpOptionType type, ushort value)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, value);
        return new PppOption((byte)type, data);
    }

    private static bool TryReadWord(PppOption option, LcpOptionType type, out ushort value)
    {
        value = 0;
        if (option.Type != (byte)type || option.Data.Length != 2)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(option.Data.Span);
        return true;
    }

    private static PppOption DoubleWord(LcpOptionType type, uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, value);
        return new PppOption((byte)type, data);
    }

    private static bool TryReadDoubleWord(PppOption option, LcpOptionType type, out uint value)
    {
        value = 0;
        if (option.Type != (byte)type || option.Data.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(option.Data.Span);
        return true;
    }

    private static PppOption ProtocolAndData(LcpOptionType type, ushort protocol, ReadOnlySpan<byte> rest)
    {
        var data = new byte[2 + rest.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, protocol);
        rest.CopyTo(data.AsSpan(2));
        return new PppOption((byte)type, data);
    }

    private static bool TryReadProtocolAndData(PppOption option, LcpOptionType type, out ushort protocol, out ReadOnlyMemory<byte> rest)
    {
        protocol = 0;
        rest = ReadOnlyMemory<byte>.Empty;
        if (option.Type != (byte)type || option.Data.Length < 2)
        {
            return false;
        }

        protocol = BinaryPrimitives.ReadUInt16BigEndian(option.Data.Span);
        rest = option.Data[2..];
        return true;
    }
}
