using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Concentrator.Protocol.Mppe;

/// <summary>
/// RC4 keystream generator (the "rc4_key" / "rc4" of RFC 3078 §5-§7) that never allocates after
/// construction.
/// </summary>
/// <remarks>
/// BouncyCastle's <c>RC4Engine</c> is the reference implementation (the tests cross-check this one
/// against it), but it cannot sit on the MPPE data path: every <c>Init</c> takes a
/// <c>KeyParameter</c> (a new object that copies the key) and the engine clones the key again
/// (<c>GetKey()</c>). In stateless mode MPPE changes its key before every packet (RFC 3078 §7.1),
/// and each key change runs the RC4 key schedule twice (§7.3), so that would be several allocations
/// per packet. This class keeps its 256-octet state in one array allocated once and re-keys in place.
/// Indexes are bytes, so every access is in range; the loops read the state through a ref to skip
/// bounds checks.
/// </remarks>
internal sealed class Rc4
{
    private readonly byte[] _state = new byte[256];
    private byte _i;
    private byte _j;

    /// <summary>Runs the RC4 key schedule (rc4_key) with a 1..256-octet key.</summary>
    public void Init(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > 256)
        {
            throw new ArgumentException("an RC4 key has 1 to 256 octets", nameof(key));
        }
        ref byte s = ref MemoryMarshal.GetArrayDataReference(_state);
        for (int n = 0; n < 256; n++)
        {
            Unsafe.Add(ref s, n) = (byte)n;
        }
        int keyLength = key.Length;
        ref byte k = ref MemoryMarshal.GetReference(key);
        byte j = 0;
        int keyIndex = 0;
        for (int n = 0; n < 256; n++)
        {
            byte sn = Unsafe.Add(ref s, n);
            j = (byte)(j + sn + Unsafe.Add(ref k, keyIndex));
            Unsafe.Add(ref s, n) = Unsafe.Add(ref s, j);
            Unsafe.Add(ref s, j) = sn;
            if (++keyIndex == keyLength)
            {
                keyIndex = 0;
            }
        }
        _i = 0;
        _j = 0;
    }

    /// <summary>XORs the keystream into <paramref name="data"/> in place (encrypt = decrypt).</summary>
    public void Process(Span<byte> data)
    {
        ref byte s = ref MemoryMarshal.GetArrayDataReference(_state);
        ref byte d = ref MemoryMarshal.GetReference(data);
        byte i = _i;
        byte j = _j;
        for (int n = 0; n < data.Length; n++)
        {
            i++;
            byte si = Unsafe.Add(ref s, i);
            j = (byte)(j + si);
            byte sj = Unsafe.Add(ref s, j);
            Unsafe.Add(ref s, i) = sj;
            Unsafe.Add(ref s, j) = si;
            Unsafe.Add(ref d, n) ^= Unsafe.Add(ref s, (byte)(si + sj));
        }
        _i = i;
        _j = j;
    }
}
