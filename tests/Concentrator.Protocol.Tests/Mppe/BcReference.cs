using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>
/// An independent, deliberately naive rendering of the MPPE algorithms for cross-checking: every
/// step written out from the RFC pseudocode with BouncyCastle's SHA-1 and RC4, allocating freely.
/// </summary>
internal static class BcReference
{
    public static byte[] Sha1(params byte[][] parts)
    {
        var sha = new Sha1Digest();
        foreach (byte[] part in parts)
        {
            sha.BlockUpdate(part, 0, part.Length);
        }
        var digest = new byte[20];
        sha.DoFinal(digest, 0);
        return digest;
    }

    public static byte[] Rc4(byte[] key, byte[] data)
    {
        var rc4 = new RC4Engine();
        rc4.Init(true, new KeyParameter(key));
        var output = new byte[data.Length];
        rc4.ProcessBytes(data, 0, data.Length, output, 0);
        return output;
    }

    public static readonly byte[] Pad1 = new byte[40];

    public static readonly byte[] Pad2 = Enumerable.Repeat((byte)0xF2, 40).ToArray();

    // RFC 3078 §7.3 GetNewKeyFromSHA.
    public static byte[] GetNewKeyFromSha(byte[] startKey, byte[] sessionKey) =>
        Sha1(startKey, Pad1, sessionKey, Pad2)[..sessionKey.Length];

    // RFC 3079 §3.1-§3.3 (reduction as in RFC 3078 §7.3).
    public static byte[] Reduce(byte[] key, int bits)
    {
        byte[] k = (byte[])key.Clone();
        if (bits == 40)
        {
            k[0] = 0xD1;
            k[1] = 0x26;
            k[2] = 0x9E;
        }
        else if (bits == 56)
        {
            k[0] = 0xD1;
        }
        return k;
    }

    public static byte[] InitialSessionKey(byte[] startKey, int bits) => Reduce(GetNewKeyFromSha(startKey, startKey), bits);

    // RFC 3078 §7.3: interim key, RC4-encrypted with itself, then reduced.
    public static byte[] ChangeKey(byte[] startKey, byte[] sessionKey, int bits)
    {
        byte[] interim = GetNewKeyFromSha(startKey, sessionKey);
        return Reduce(Rc4(interim, interim), bits);
    }

    /// <summary>The session key after <paramref name="changes"/> key changes from the initial one.</summary>
    public static byte[] SessionKeyAfter(byte[] startKey, int bits, int changes)
    {
        byte[] key = InitialSessionKey(startKey, bits);
        for (int i = 0; i < changes; i++)
        {
            key = ChangeKey(startKey, key, bits);
        }
        return key;
    }
}
