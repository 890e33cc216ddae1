using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>The data path allocates nothing per packet, key changes included.</summary>
public class MppeAllocationTests
{
    [Theory]
    [InlineData(MppeKeyLength.Bits128, true)]
    [InlineData(MppeKeyLength.Bits40, true)]
    [InlineData(MppeKeyLength.Bits128, false)]
    public void Ten_thousand_1400_octet_packets_encrypt_and_decrypt_without_allocating(MppeKeyLength keyLength, bool stateless)
    {
        var encryptor = new MppeEncryptor(MppeTestLink.StartKey, keyLength, stateless);
        var decryptor = new MppeDecryptor(MppeTestLink.StartKey, keyLength, stateless);
        byte[] packet = MppeTestLink.Plain(MppeTestLink.Payload(1, 1400));

        RunPackets(encryptor, decryptor, packet, 3000); // warm-up: JIT tiers settle
        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = RunPackets(encryptor, decryptor, packet, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0L, allocated);
        Assert.Equal(0x21, packet[3]); // decrypted back to the plaintext
    }

    [Fact]
    public void Stateless_receiver_catching_up_after_loss_allocates_nothing()
    {
        var encryptor = new MppeEncryptor(MppeTestLink.StartKey, MppeKeyLength.Bits128, stateless: true);
        var decryptor = new MppeDecryptor(MppeTestLink.StartKey, MppeKeyLength.Bits128, stateless: true);
        byte[] packet = MppeTestLink.Plain(MppeTestLink.Payload(1, 64));
        RunPackets(encryptor, decryptor, packet, 3000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = 0;
        for (int i = 0; i < 1000; i++)
        {
            encryptor.Encrypt(packet); // lost
            encryptor.Encrypt(packet); // lost
            encryptor.Encrypt(packet);
            if (decryptor.Decrypt(packet) != MppeError.None) // three key changes
            {
                failures++;
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, failures);
        Assert.Equal(0L, allocated);
    }

    private static int RunPackets(MppeEncryptor encryptor, MppeDecryptor decryptor, byte[] packet, int count)
    {
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            if (encryptor.Encrypt(packet) != MppeError.None || decryptor.Decrypt(packet) != MppeError.None)
            {
                failures++;
            }
        }
        return failures;
    }
}
