using Concentrator.Protocol.Mppe;
using CsCheck;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>Stateless mode ('H' bit): a key change before every packet (RFC 3078 §7.1, §8.1).</summary>
public class MppeStatelessTests
{
    [Theory]
    [InlineData(MppeKeyLength.Bits40)]
    [InlineData(MppeKeyLength.Bits56)]
    [InlineData(MppeKeyLength.Bits128)]
    public void Output_matches_the_rfc_procedure_step_by_step(MppeKeyLength keyLength)
    {
        // Packet n (coherency count n) is encrypted with the session key after n + 1 key changes
        // (the sender changes before every packet, the first included), from fresh RC4 tables, and
        // the header is A|D (0x90) with the count.
        int bits = (int)keyLength;
        byte[] start = MppeTestLink.StartKey[..MppeKeyDerivation.SessionKeyLength(keyLength)];
        var encryptor = new MppeEncryptor(start, keyLength, stateless: true);
        for (int n = 0; n < 40; n++)
        {
            byte[] plain = MppeTestLink.Plain(MppeTestLink.Payload(n, n));
            byte[] packet = (byte[])plain.Clone();
            Assert.Equal(n, encryptor.NextCoherencyCount);
            Assert.Equal(MppeError.None, encryptor.Encrypt(packet));
            Assert.Equal(Hex.Of([(byte)(0x90 | (n >> 8)), (byte)n]), Hex.Of(packet.AsSpan(0, 2)));
            byte[] expected = BcReference.Rc4(BcReference.SessionKeyAfter(start, bits, n + 1), plain[2..]);
            Assert.Equal(Hex.Of(expected), Hex.Of(packet.AsSpan(2)));
        }
    }

    [Fact]
    public void Round_trip_of_random_payloads_in_every_strength()
    {
        Gen.Select(Gen.Enum<MppeKeyLength>(), Gen.Byte.Array[16], Gen.Byte.Array[0, 1500].Array[1, 30])
            .Sample((keyLength, key, payloads) =>
            {
                var link = new MppeTestLink(keyLength, stateless: true, key);
                foreach (byte[] payload in payloads)
                {
                    byte[] packet = link.Send(payload);
                    Assert.True(MppeTestLink.Flushed(packet));
                    Assert.Equal(MppeError.None, link.Receive(packet, out byte[] received));
                    Assert.Equal(payload, received);
                }
            }, iter: 200);
    }

    [Fact]
    public void Lost_packets_are_skipped_by_changing_keys_as_often_as_the_count_advanced()
    {
        // RFC 3078 §8.1: N = C1 - C2 key changes; any forward jump up to half the count space.
        Gen.Select(Gen.Enum<MppeKeyLength>(), Gen.Bool.Array[200]).Sample((keyLength, delivered) =>
        {
            var link = new MppeTestLink(keyLength, stateless: true);
            for (int n = 0; n < delivered.Length; n++)
            {
                byte[] packet = link.Send(MppeTestLink.Payload(n));
                if (delivered[n])
                {
                    Assert.Equal(MppeError.None, link.Receive(packet, out byte[] payload));
                    Assert.Equal(MppeTestLink.Payload(n), payload);
                    Assert.Equal(n & 0xFFF, link.Decryptor.LastCoherencyCount);
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void Reordered_packet_is_stale_and_the_stream_goes_on()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: true);
        byte[][] packets = Enumerable.Range(0, 6).Select(n => link.Send(MppeTestLink.Payload(n))).ToArray();
        Assert.Equal(MppeError.None, link.Receive(packets[0], out _));
        Assert.Equal(MppeError.None, link.Receive(packets[2], out byte[] p2));
        Assert.Equal(MppeTestLink.Payload(2), p2);
        Assert.Equal(MppeError.StaleCoherencyCount, link.Receive(packets[1], out _));
        Assert.Equal(MppeError.DuplicateCoherencyCount, link.Receive(packets[2], out _));
        Assert.Equal(MppeError.None, link.Receive(packets[3], out byte[] p3));
        Assert.Equal(MppeTestLink.Payload(3), p3);
        Assert.Equal(MppeError.StaleCoherencyCount, link.Receive(packets[0], out _));
        Assert.Equal(MppeError.None, link.Receive(packets[5], out byte[] p5));
        Assert.Equal(MppeTestLink.Payload(5), p5);
    }

    [Fact]
    public void Coherency_count_wraps_at_4096_and_the_keys_stay_in_step()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits40, stateless: true);
        for (int n = 0; n < 4096 + 300; n++)
        {
            byte[] packet = link.Send(MppeTestLink.Payload(n, 4));
            Assert.Equal(n % 4096, MppeTestLink.CoherencyCount(packet));
            bool lost = n is >= 4090 and < 4100; // a loss that straddles the wrap
            if (!lost)
            {
                Assert.Equal(MppeError.None, link.Receive(packet, out byte[] payload));
                Assert.Equal(MppeTestLink.Payload(n, 4), payload);
            }
        }
        Assert.Equal((4096 + 299) % 4096, link.Decryptor.LastCoherencyCount);
    }

    [Fact]
    public void A_jump_of_half_the_count_space_is_followed_one_more_is_stale()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: true);
        byte[][] packets = Enumerable.Range(0, 2050).Select(n => link.Send(MppeTestLink.Payload(n))).ToArray();
        Assert.Equal(MppeError.None, link.Receive(packets[0], out _));
        var behind = new MppeTestLink(MppeKeyLength.Bits128, stateless: true);
        Assert.Equal(MppeError.None, behind.Receive(packets[0], out _));

        // 2048 ahead: followed.
        Assert.Equal(MppeError.None, link.Receive(packets[2048], out byte[] payload));
        Assert.Equal(MppeTestLink.Payload(2048), payload);

        // 2049 ahead reads as 2047 behind: refused, state untouched.
        Assert.Equal(MppeError.StaleCoherencyCount, behind.Receive(packets[2049], out _));
        Assert.Equal(0, behind.Decryptor.LastCoherencyCount);
        Assert.Equal(MppeError.None, behind.Receive(packets[1], out payload));
        Assert.Equal(MppeTestLink.Payload(1), payload);
    }

    [Fact]
    public void Header_errors_are_typed()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: true);
        byte[] packet = link.Send(MppeTestLink.Payload(0));

        byte[] clearD = (byte[])packet.Clone();
        clearD[0] &= unchecked((byte)~MppeHeader.EncryptedBit);
        Assert.Equal(MppeError.NotEncrypted, link.Receive(clearD, out _));

        byte[] clearA = (byte[])packet.Clone();
        clearA[0] &= unchecked((byte)~MppeHeader.FlushedBit);
        Assert.Equal(MppeError.FlushedBitMissing, link.Receive(clearA, out _));

        Assert.Equal(MppeError.Truncated, link.Receive(packet[..2], out _));
        Assert.Equal(MppeError.Truncated, link.Receive(packet[..1], out _));
        Assert.Equal(MppeError.Truncated, link.Receive([], out _));

        // None of that moved the decryptor: the real packet still decrypts.
        Assert.Equal(MppeError.None, link.Receive(packet, out byte[] payload));
        Assert.Equal(MppeTestLink.Payload(0), payload);
    }

    [Fact]
    public void Bits_B_and_C_are_ignored()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits128, stateless: true);
        byte[] packet = link.Send(MppeTestLink.Payload(0));
        packet[0] |= MppeHeader.BitBMask | MppeHeader.BitCMask;
        Assert.Equal(MppeError.None, link.Receive(packet, out byte[] payload));
        Assert.Equal(MppeTestLink.Payload(0), payload);
    }

    [Fact]
    public void Encrypting_nothing_is_refused_and_uses_no_count()
    {
        var encryptor = new MppeEncryptor(MppeTestLink.StartKey, MppeKeyLength.Bits128, stateless: true);
        Assert.Equal(MppeError.Truncated, encryptor.Encrypt(new byte[2]));
        Assert.Equal(MppeError.Truncated, encryptor.Encrypt([]));
        Assert.Equal(0, encryptor.NextCoherencyCount);
        Assert.True(encryptor.Stateless);
        Assert.Equal(MppeKeyLength.Bits128, encryptor.KeyLength);
    }

    [Fact]
    public void Reset_request_changes_nothing_in_stateless_mode()
    {
        var link = new MppeTestLink(MppeKeyLength.Bits56, stateless: true);
        link.Send(MppeTestLink.Payload(0));
        link.Encryptor.OnResetRequest();
        byte[] packet = link.Send(MppeTestLink.Payload(1));
        Assert.Equal(MppeError.None, link.Receive(packet, out byte[] payload));
        Assert.Equal(MppeTestLink.Payload(1), payload);
    }
}
