using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Tests.Mppe;

public class MppeMasterKeysTests
{
    private static readonly byte[] SendKey = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB");
    private static readonly byte[] RecvKey = Hex.Bytes("D5 F0 E9 52 1E 3E A9 58 96 45 E8 60 51 C8 22 26");

    [Fact]
    public void Radius_keys_drive_the_nas_directions()
    {
        // RFC 2548 §2.4.2: MS-MPPE-Send-Key encrypts NAS → remote host; §2.4.3 Recv-Key the reverse.
        Assert.True(MppeMasterKeys.TryFromRadius(SendKey, RecvKey, out MppeMasterKeys? nas));
        Assert.Equal(Hex.Of(SendKey), Hex.Of(nas.SendKey));
        Assert.Equal(Hex.Of(RecvKey), Hex.Of(nas.ReceiveKey));

        // The remote host has the keys the other way round.
        Assert.True(MppeMasterKeys.TryFromRadius(RecvKey, SendKey, out MppeMasterKeys? host));
        MppeEncryptor nasOut = nas.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);
        MppeDecryptor hostIn = host.CreateDecryptor(MppeKeyLength.Bits128, stateless: true);
        MppeEncryptor hostOut = host.CreateEncryptor(MppeKeyLength.Bits128, stateless: true);
        MppeDecryptor nasIn = nas.CreateDecryptor(MppeKeyLength.Bits128, stateless: true);

        byte[] toHost = [0, 0, 0x00, 0x21, 1, 2, 3];
        Assert.Equal(MppeError.None, nasOut.Encrypt(toHost));
        Assert.Equal(MppeError.None, hostIn.Decrypt(toHost));
        Assert.Equal("0021010203", Hex.Of(toHost.AsSpan(2)));

        byte[] toNas = [0, 0, 0x00, 0x21, 4, 5, 6];
        Assert.Equal(MppeError.None, hostOut.Encrypt(toNas));
        Assert.Equal(MppeError.None, nasIn.Decrypt(toNas));
        Assert.Equal("0021040506", Hex.Of(toNas.AsSpan(2)));
    }

    [Fact]
    public void Radius_keys_must_have_8_or_16_octets()
    {
        Assert.False(MppeMasterKeys.TryFromRadius(SendKey.AsSpan(0, 15), RecvKey, out MppeMasterKeys? keys));
        Assert.Null(keys);
        Assert.False(MppeMasterKeys.TryFromRadius(SendKey, [], out _));
        Assert.False(MppeMasterKeys.TryFromRadius(new byte[32], RecvKey, out _));

        Assert.True(MppeMasterKeys.TryFromRadius(SendKey.AsSpan(0, 8), RecvKey.AsSpan(0, 8), out keys));
        Assert.True(keys.Supports(MppeKeyLength.Bits40));
        Assert.True(keys.Supports(MppeKeyLength.Bits56));
        Assert.False(keys.Supports(MppeKeyLength.Bits128));
        Assert.False(keys.Supports((MppeKeyLength)1));
        Assert.Throws<ArgumentException>(() => keys.CreateEncryptor(MppeKeyLength.Bits128, stateless: true));
    }

    [Fact]
    public void Radius_and_ms_chap_v2_entry_points_agree()
    {
        // RFC 3079 §3.5 credentials: the keys a RADIUS server would send equal our own derivation.
        byte[] passwordHash = Hex.Bytes("44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE");
        byte[] ntResponse = Hex.Bytes("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");
        MppeMasterKeys derived = MppeMasterKeys.FromMsChapV2(passwordHash, ntResponse, isServer: true);
        Assert.Equal(Hex.Of(SendKey), Hex.Of(derived.SendKey));
        Assert.Equal(Hex.Of(RecvKey), Hex.Of(derived.ReceiveKey));
        Assert.True(derived.Supports(MppeKeyLength.Bits128));
    }
}
