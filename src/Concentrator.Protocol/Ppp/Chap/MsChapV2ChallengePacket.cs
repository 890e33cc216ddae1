namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>Challenge (RFC 2759 §3): Value-Size 16, the 16-octet Authenticator Challenge, then the authenticator's Name.</summary>
public sealed record MsChapV2ChallengePacket(byte Identifier, ReadOnlyMemory<byte> Challenge, ReadOnlyMemory<byte> Name) : ChapPacket(Identifier)
{
    public const int ChallengeLength = 16;

    /// <exception cref="ArgumentException">Not exactly 16 octets.</exception>
    public ReadOnlyMemory<byte> Challenge { get; init; } = RequireLength(Challenge, ChallengeLength, nameof(Challenge));

    public override ChapCode Code => ChapCode.Challenge;

    protected override int DataLength => 1 + ChallengeLength + Name.Length;

    internal static bool TryDecodeData(byte identifier, ReadOnlySpan<byte> data, out ChapPacket? packet, out ChapError error)
    {
        packet = null;
        if (!TrySplitValue(data, ChallengeLength, out var value, out var name, out error))
        {
            return false;
        }

        packet = new MsChapV2ChallengePacket(identifier, value.ToArray(), name.ToArray());
        return true;
    }

    protected override void WriteData(Span<byte> destination)
    {
        destination[0] = ChallengeLength;
        Challenge.Span.CopyTo(destination[1..]);
        Name.Span.CopyTo(destination[(1 + ChallengeLength)..]);
    }
}
