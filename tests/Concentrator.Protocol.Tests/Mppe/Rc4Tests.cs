using System.Text;
using Concentrator.Protocol.Mppe;
using CsCheck;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>The allocation-free RC4 against BouncyCastle's RC4Engine, the reference.</summary>
public class Rc4Tests
{
    [Theory]
    // Classic published RC4 test vectors (key, plaintext, ciphertext).
    [InlineData("Key", "Plaintext", "BBF316E8D940AF0AD3")]
    [InlineData("Wiki", "pedia", "1021BF0420")]
    [InlineData("Secret", "Attack at dawn", "45A01F645FC35B383552544B9BF5")]
    public void Known_vectors(string key, string plaintext, string ciphertext)
    {
        var rc4 = new Rc4();
        rc4.Init(Encoding.ASCII.GetBytes(key));
        byte[] data = Encoding.ASCII.GetBytes(plaintext);
        rc4.Process(data);
        Assert.Equal(ciphertext, Hex.Of(data));
        Assert.Equal(ciphertext, Hex.Of(BcReference.Rc4(Encoding.ASCII.GetBytes(key), Encoding.ASCII.GetBytes(plaintext))));
    }

    [Fact]
    public void Matches_BouncyCastle_on_random_keys_and_data_in_random_chunks()
    {
        Gen.Select(Gen.Byte.Array[1, 256], Gen.Byte.Array[0, 3000], Gen.Int[1, 700])
            .Sample((key, data, chunk) =>
            {
                byte[] expected = BcReference.Rc4(key, data);
                var rc4 = new Rc4();
                rc4.Init(key);
                byte[] actual = (byte[])data.Clone();
                for (int offset = 0; offset < actual.Length; offset += chunk)
                {
                    rc4.Process(actual.AsSpan(offset, Math.Min(chunk, actual.Length - offset)));
                }
                Assert.Equal(Hex.Of(expected), Hex.Of(actual));
            }, iter: 500);
    }

    [Fact]
    public void Reinit_starts_a_fresh_keystream()
    {
        byte[] key = Hex.Bytes("0102030405060708090A0B0C0D0E0F10");
        var rc4 = new Rc4();
        rc4.Init(Hex.Bytes("FFEE"));
        rc4.Process(new byte[77]);
        rc4.Init(key);
        var data = new byte[64];
        rc4.Process(data);
        Assert.Equal(Hex.Of(BcReference.Rc4(key, new byte[64])), Hex.Of(data));
    }

    [Fact]
    public void Key_of_no_octets_or_over_256_octets_is_refused()
    {
        var rc4 = new Rc4();
        Assert.Throws<ArgumentException>(() => rc4.Init([]));
        Assert.Throws<ArgumentException>(() => rc4.Init(new byte[257]));
    }
}
