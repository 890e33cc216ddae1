using System.Text;
using Concentrator.Cluster.Addressing;
using Concentrator.Protocol.Ip;
using Org.BouncyCastle.Crypto.Digests;

namespace Concentrator.Cluster.Tests;

/// <summary>Pools, settings and hashes shared by the tests.</summary>
internal static class Samples
{
    /// <summary>10.8.0.0/24 without .0 (network), .255 (broadcast) and .1 (gateway): 253 usable addresses.</summary>
    public static AddressPoolDefinition Main => AddressPoolDefinition.Parse("main", "10.8.0.0/24", ["10.8.0.1"]);

    /// <summary>10.9.0.10-10.9.0.29: 20 addresses.</summary>
    public static AddressPoolDefinition Small => AddressPoolDefinition.Parse("small", "10.9.0.10-10.9.0.29");

    public static AddressPoolSettings Settings(int blockSize = 8, int low = 4, int high = 16, int snapshotEvery = 50, params AddressPoolDefinition[] pools) =>
        new AddressPoolSettings(pools.Length > 0 ? pools : [Main, Small], blockSize, low, high, snapshotEvery, TimeSpan.FromSeconds(3)).Validate();

    public static uint Ip(string text) => Ipv4.TryParse(text, out var value) ? value : throw new ArgumentException(text);

    /// <summary>The NT hash of a password: MD4 over its UTF-16LE bytes (RFC 2759 §8.3 NtPasswordHash).</summary>
    public static byte[] NtHash(string password)
    {
        var bytes = Encoding.Unicode.GetBytes(password);
        var md4 = new MD4Digest();
        md4.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[16];
        md4.DoFinal(hash, 0);
        return hash;
    }
}
