using Concentrator.Protocol.Mppe;
using CsCheck;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>
/// Stateful mode: one RC4 stream, a key change at every "flag" packet (low octet of the coherency
/// count 0xFF, RFC 3078 §7.2), loss handled by CCP Reset-Request and the FLUSHED bit (§8.2).
/// </summary>
public class MppeStatefulTests
{
    [Theory]
    [InlineData(MppeKeyLength.Bits40)]
    [InlineData(MppeKeyLength.Bits56)]
    [InlineData(MppeKeyLength.Bits128)]
    public void Output_matches_the_rfc_procedure_step_by_step(MppeKeyLength keyLength)
    {
        // Packets 0..254 continue one RC4 stream keyed with the initial session key; packet 255 is
        // the flag packet: one key change before it, bit A set, and 256..510 continue that stream.
        int bits = (int)keyLength;
        byte[] start = MppeTestLink.StartKey[..MppeKeyDerivation.SessionKeyLength(keyLength)];
        var encryptor = new MppeEncryptor(start, keyLength, stateless: false);
        var plainStream = new List<byte>();
        var cipherStream = new List<byte>();
        int keyChanges = 0;
        for (int n = 0; n < 520; n++)
        {
            if ((n & 0xFF) == 0xFF)
            {
                // A new stream starts here: check the one that ends.
                Assert.Equal(Hex.Of(BcReference.Rc4(BcReference.SessionKeyAfter(start, bits, keyChanges), [.. plainStream])), Hex.Of([.. cipherStream]));
                plainStream.Clear();
                cipherStream.Clear();
                keyChanges++;
            }
            byte[] plain = MppeTestLink.Plain(MppeTestLink.Payload(n, n % 7));
            byte[] packet = (byte[])plain.Clone();
            Assert.Equal(MppeError.None, encryptor.Encrypt(packet));
            Assert.Equal(n, MppeTestLink.CoherencyCount(packet));
            Assert.Equal((n & 0xFF) == 0xFF, MppeTestLink.Flushed(packet));
            Assert.Equal(MppeHeader.EncryptedBit, packet[0] & MppeHeader.EncryptedBit);
            plainStream.AddRange(plain[2..]);
            cipherStream.AddRange(packet[2..]);
        }
        Assert.Equal(Hex.Of(BcReference.Rc4(BcReference.SessionKeyAfter(start, bits, keyChanges), [.. plainStream])), Hex.Of([.. cipherStream]));
    }

    [Fact]
    public void Round_trip_of_random_payloads_in_every_strength()
    {
        Gen.Select(Gen.Enum<MppeKeyLength>(), Gen.Byte.Array[16], Gen.Byte.Array[0, 600].Array[1, 40])
            .Sample((keyLength, key, payloads) =>
            {
                var link = new MppeTestLink(keyLength, stateless: false, key);
                foreach (byte[] payload in payloads)
                {
                    Assert.Equal(MppeError.None, link.Receive(link.Send(payload), out byte[] received));
                    Assert.Equal(payload, received);
                }
            }, iter: 200);
    }

    [Fact]
    public void Coherency_count_wraps_at_4096_through_sixteen_flag_packets()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: false);
        for (int n = 0; n < 8192 + 10; n++)
        {
            byte[] packet = link.Send(MppeTestLink.Payload(n, 3));
            Assert.Equal(n % 4096, MppeTestLink.CoherencyCount(packet));
            Assert.Equal(MppeError.None, link.Receive(packet, out byte[] payload));
            Assert.Equal(MppeTestLink.Payload(n, 3), payload);
        }
    }

    [Theory]
    [InlineData(10, 1)]      // a single loss inside one key period
    [InlineData(254, 1)]     // the packet before a flag packet
    [InlineData(255, 1)]     // the flag packet itself
    [InlineData(250, 20)]    // a loss spanning a flag packet
    [InlineData(100, 700)]   // several flag packets lost
    [InlineData(4000, 300)]  // across the 4096 wrap
    public void Loss_asks_for_a_reset_and_the_flushed_packet_resynchronises(int firstLost, int lostCount)
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: false);
        int n = 0;
        for (; n < firstLost; n++)
        {
            Assert.Equal(MppeError.None, link.Receive(link.Send(MppeTestLink.Payload(n)), out _));
        }
        for (; n < firstLost + lostCount; n++)
        {
            link.Send(MppeTestLink.Payload(n)); // lost on the way
        }

        // RFC 3078 §8.2: loss detected → drop, CCP Reset-Request, discard until FLUSHED.
        Assert.Equal(MppeError.ResetRequired, link.Receive(link.Send(MppeTestLink.Payload(n++)), out _));
        Assert.True(link.Decryptor.AwaitingFlush);
        for (int i = 0; i < 3; i++)
        {
            byte[] unflushed = link.Send(MppeTestLink.Payload(n++));
            if (MppeTestLink.Flushed(unflushed))
            {
                // A flag packet went out meanwhile; it resynchronises on its own.
                Assert.Equal(MppeError.None, link.Receive(unflushed, out _));
                Assert.False(link.Decryptor.AwaitingFlush);
                return;
            }
            Assert.Equal(MppeError.AwaitingFlush, link.Receive(unflushed, out _));
        }

        // The peer's CCP delivers the Reset-Request; the next packet is flushed.
        link.Encryptor.OnResetRequest();
        byte[] flushed = link.Send(MppeTestLink.Payload(n));
        Assert.True(MppeTestLink.Flushed(flushed));
        Assert.Equal(MppeError.None, link.Receive(flushed, out byte[] payload));
        Assert.Equal(MppeTestLink.Payload(n), payload);
        Assert.False(link.Decryptor.AwaitingFlush);
        Assert.Equal(n % 4096, link.Decryptor.LastCoherencyCount);

        // And the stream goes on, across the next flag packets.
        for (n++; n < firstLost + lostCount + 600; n++)
        {
            byte[] packet = link.Send(MppeTestLink.Payload(n));
            Assert.Equal((n & 0xFF) == 0xFF, MppeTestLink.Flushed(packet));
            Assert.Equal(MppeError.None, link.Receive(packet, out payload));
            Assert.Equal(MppeTestLink.Payload(n), payload);
        }
    }

    [Fact]
    public void Random_losses_always_recover_through_reset()
    {
        // Runs of 2..20 delivered packets between runs of 1..600 lost ones. The receiver's CCP sends a
        // Reset-Request on ResetRequired and repeats it while packets are still discarded (RFC 1962
        // retransmits Reset-Request on its restart timer), so each discard period stays far below the
        // 4096 packets that a 12-bit coherency count can tell apart.
        Gen.Select(Gen.Enum<MppeKeyLength>(), Gen.Int[2, 20].Array[1, 30], Gen.Int[1, 600].Array[30])
            .Sample((keyLength, runs, lossLengths) =>
            {
                var link = new MppeTestLink(keyLength, stateless: false);
                int n = 0;
                int decrypted = 0;
                for (int r = 0; r < runs.Length; r++)
                {
                    for (int i = 0; i < runs[r]; i++, n++)
                    {
                        MppeError error = link.Receive(link.Send(MppeTestLink.Payload(n)), out byte[] payload);
                        if (error is MppeError.ResetRequired or MppeError.AwaitingFlush)
                        {
                            link.Encryptor.OnResetRequest();
                            continue;
                        }
                        Assert.Equal(MppeError.None, error);
                        Assert.Equal(MppeTestLink.Payload(n), payload);
                        decrypted++;
                    }
                    for (int i = 0; i < lossLengths[r]; i++, n++)
                    {
                        link.Send(MppeTestLink.Payload(n));
                    }
                }
                Assert.True(decrypted >= runs.Sum() - (2 * runs.Length));
            }, iter: 100);
    }

    [Fact]
    public void Reset_request_before_a_flag_packet()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits40, stateless: false);
        for (int n = 0; n < 254; n++)
        {
            Assert.Equal(MppeError.None, link.Receive(link.Send(MppeTestLink.Payload(n)), out _));
        }
        link.Send(MppeTestLink.Payload(254)); // lost
        link.Encryptor.OnResetRequest();
        byte[] flag = link.Send(MppeTestLink.Payload(255));
        Assert.Equal(255, MppeTestLink.CoherencyCount(flag));
        Assert.True(MppeTestLink.Flushed(flag));

        // Received with a gap: the flushed flag packet resynchronises at once (key change + reset).
        Assert.Equal(MppeError.ResetRequired, link.Receive(flag, out _));
        Assert.Equal(MppeError.None, link.Receive(flag, out byte[] payload));
        Assert.Equal(MppeTestLink.Payload(255), payload);
        Assert.Equal(MppeError.None, link.Receive(link.Send(MppeTestLink.Payload(256)), out payload));
        Assert.Equal(MppeTestLink.Payload(256), payload);
    }

    [Fact]
    public void Only_the_next_packet_after_a_reset_is_flushed()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: false);
        Assert.False(MppeTestLink.Flushed(link.Send(MppeTestLink.Payload(0))));
        link.Encryptor.OnResetRequest();
        Assert.True(MppeTestLink.Flushed(link.Send(MppeTestLink.Payload(1))));
        Assert.False(MppeTestLink.Flushed(link.Send(MppeTestLink.Payload(2))));
        Assert.False(link.Encryptor.Stateless);
        Assert.False(link.Decryptor.Stateless);
        Assert.Equal(MppeKeyLength.Bits128, link.Decryptor.KeyLength);
    }

    [Fact]
    public void A_duplicate_is_a_loss_in_stateful_mode()
    {
        // RFC 3078 §3: "If stateless mode has not been negotiated and the coherency count in the
        // received packet does not match the expected count, the receiver MUST send a CCP
        // Reset-Request".
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: false);
        byte[] packet = link.Send(MppeTestLink.Payload(0));
        Assert.Equal(MppeError.None, link.Receive(packet, out _));
        Assert.Equal(MppeError.ResetRequired, link.Receive(packet, out _));
    }
}
