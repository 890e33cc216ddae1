namespace Concentrator.Protocol.Ppp.Lcp;

/// <summary>Authentication-Protocol option value (RFC 1661 §6.2): the protocol and its data (CHAP: the algorithm).</summary>
public readonly record struct AuthenticationProtocol(ushort Protocol, ReadOnlyMemory<byte> Data)
{
    /// <summary>CHAP with algorithm 0x81 (RFC 2759 §2).</summary>
    public bool IsMsChapV2 =>
        Protocol == PppProtocol.Chap && Data.Length == 1 && Data.Span[0] == (byte)ChapAlgorithm.MsChapV2;
}

/// <summary>Quality-Protocol option value (RFC 1661 §6.3).</summary>
public readonly record struct QualityProtocol(ushort Protocol, ReadOnlyMemory<byte> Data);

/// <summary>Callback option value (RFC 1570 §2.3).</summary>
public readonly record struct Callback(CallbackOperation Operation, ReadOnlyMemory<byte> Message);

/// <summary>Endpoint-Discriminator option value (RFC 1990 §5.1.3).</summary>
public readonly record struct EndpointDiscriminator(byte Class, ReadOnlyMemory<byte> Address);
