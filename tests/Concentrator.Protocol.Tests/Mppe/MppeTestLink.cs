using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>One direction of an MPPE link: an encryptor and the matching decryptor.</summary>
internal sealed class MppeTestLink
{
    public static readonly byte[] StartKey = Hex.Bytes("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF");

    public MppeTestLink(MppeKeyLength keyLength, bool stateless, byte[]? startKey = null)
    {
        Encryptor = new MppeEncryptor(startKey ?? StartKey, keyLength, stateless);
        Decryptor = new MppeDecryptor(startKey ?? StartKey, keyLength, stateless);
    }

    public MppeEncryptor Encryptor { get; }

    public MppeDecryptor Decryptor { get; }

    /// <summary>Builds [MPPE header room][0x0021][payload] and encrypts it.</summary>
    public byte[] Send(byte[] payload)
    {
        byte[] packet = Plain(payload);
        Assert.Equal(MppeError.None, Encryptor.Encrypt(packet));
        return packet;
    }

    /// <summary>Decrypts a copy; on success returns the payload after the protocol field.</summary>
    public MppeError Receive(byte[] packet, out byte[] payload)
    {
        byte[] copy = (byte[])packet.Clone();
        MppeError error = Decryptor.Decrypt(copy);
        payload = error == MppeError.None ? copy[4..] : [];
        if (error == MppeError.None)
        {
            Assert.Equal("0021", Hex.Of(copy.AsSpan(2, 2)));
        }
        return error;
    }

    public static byte[] Plain(byte[] payload)
    {
        var packet = new byte[4 + payload.Length];
        packet[3] = 0x21; // PPP protocol 0x0021 (IPv4), uncompressed
        payload.CopyTo(packet, 4);
        return packet;
    }

    public static byte[] Payload(int index, int length = 20)
    {
        var payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(index * 31 + i);
        }
        return payload;
    }

    public static int CoherencyCount(byte[] packet) => ((packet[0] & 0x0F) << 8) | packet[1];

    public static bool Flushed(byte[] packet) => (packet[0] & MppeHeader.FlushedBit) != 0;
}
