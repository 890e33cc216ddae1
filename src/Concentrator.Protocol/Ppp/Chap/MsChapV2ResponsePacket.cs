namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>
/// Response (RFC 2759 §4): Value-Size 49 = Peer-Challenge (16), Reserved (8, zero), NT-Response (24), Flags (1);
/// then the peer's Name (the user name).
/// </summary>
public sealed record MsChapV2ResponsePacket(byte Identifier, ReadOnlyMemory<byte> PeerChallenge, ReadOnlyMemory<byte> NtResponse, byte Flags, ReadOnlyMemory<byte> Name)
    : ChapPacket(Identifier)
{
    public const int ValueSize = 49;
    public const int PeerChallengeLength = 16;
    public const int ReservedLength = 8;
    public const int NtResponseLength = 24;

    /// <exception cref="ArgumentException">Not exactly 16 octets.</exception>
    public ReadOnlyMemory<byte> PeerChallenge { get; init; } = RequireLength(PeerChallenge, PeerChallengeLength, nameof(PeerChallenge));

    /// <exception cref="ArgumentException">Not exactly 24 octets.</exception>
    public ReadOnlyMemory<byte> NtResponse { get; init; } = RequireLength(NtResponse, NtResponseLength, nameof(NtResponse));

    public override ChapCode Code => ChapCode.Response;

    protected override int DataLength => 1 + ValueSize + Name.Length;

    internal static bool TryDecodeData(byte identifier, ReadOnlySpan<byte> data, out ChapPacket? packet, out ChapError error)
    {
        packet = null;
        if (!TrySplitValue(data, ValueSize, out var value, out var name, out error))
        {
            return false;
        }

        if (value.Slice(PeerChallengeLength, ReservedLength).ContainsAnyExcept((byte)0))
        {
            error = ChapError.ReservedNotZero;
            return false;
        }

        packet = new MsChapV2ResponsePacket(
            identifier,
            value[..PeerChallengeLength].ToArray(),
            value.Slice(PeerChallengeLength + ReservedLength, NtResponseLength).ToArray(),
            value[ValueSize - 1],
            name.ToArray());
        return true;
    }

    protected override void WriteData(Span<byte> destination)
    {
        destination[0] = ValueSize;
        var value = destination.Slice(1, ValueSize);
        PeerChallenge.Span.CopyTo(value);
        value.Slice(PeerChallengeLength, ReservedLength).Clear();
        NtResponse.Span.CopyTo(value[(PeerChallengeLength + ReservedLength)..]);
        value[ValueSize - 1] = Flags;
        Name.Span.CopyTo(destination[(1 + ValueSize)..]);
    }
}
