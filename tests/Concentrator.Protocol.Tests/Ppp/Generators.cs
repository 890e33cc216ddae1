using Concentrator.Protocol.Ppp;
using CsCheck;

namespace Concentrator.Protocol.Tests.Ppp;

/// <summary>CsCheck generators shared by the PPP round-trip tests.</summary>
internal static class Generators
{
    public static Gen<byte[]> Bytes(int max) => Gen.Byte.Array[0, max];

    public static readonly Gen<PppOption> Option = Gen.Select(Gen.Byte, Bytes(40), (type, data) => new PppOption(type, data));

    public static readonly Gen<PppOption[]> Options = Option.Array[0, 8];

    /// <summary>
    /// Valid PPP protocol numbers (RFC 1661 §2: low octet odd, high octet even), without 0x00FF which IANA reserves
    /// ("compression inefficient") and which, compressed and without Address/Control, reads like an address field.
    /// </summary>
    public static readonly Gen<ushort> Protocol = Gen.UShort
        .Select(value => (ushort)((value & 0xFEFF) | 0x0001))
        .Where(value => value != 0x00FF);

    /// <summary>Text without characters the UTF-8 round trip would change (lone surrogates).</summary>
    public static readonly Gen<string> Text = Gen.String[Gen.Char[' ', '~'], 0, 40];
}
