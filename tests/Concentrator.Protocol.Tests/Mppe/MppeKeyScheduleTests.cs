using Concentrator.Protocol.Mppe;
using CsCheck;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>RFC 3078 §7.3 key changes against the step-by-step BouncyCastle rendering.</summary>
public class MppeKeyScheduleTests
{
    [Theory]
    [InlineData(MppeKeyLength.Bits40)]
    [InlineData(MppeKeyLength.Bits56)]
    [InlineData(MppeKeyLength.Bits128)]
    public void Key_changes_follow_rfc_3078_section_7_3(MppeKeyLength keyLength)
    {
        byte[] start = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB")[..MppeKeyDerivation.SessionKeyLength(keyLength)];
        var schedule = new MppeKeySchedule(start, keyLength);
        byte[] reference = BcReference.InitialSessionKey(start, (int)keyLength);
        for (int change = 1; change <= 300; change++)
        {
            schedule.ChangeKey();
            reference = BcReference.ChangeKey(start, reference, (int)keyLength);
            Assert.Equal(Hex.Of(reference), Hex.Of(schedule.SessionKey));
        }

        // The tables are keyed with the new session key: the keystream is RC4(SessionKey).
        var data = new byte[40];
        schedule.Process(data);
        Assert.Equal(Hex.Of(BcReference.Rc4(reference, new byte[40])), Hex.Of(data));
    }

    [Fact]
    public void Reduced_keys_keep_their_fixed_prefix_after_every_change()
    {
        var forty = new MppeKeySchedule(Hex.Bytes("0001020304050607"), MppeKeyLength.Bits40);
        var fiftySix = new MppeKeySchedule(Hex.Bytes("0001020304050607"), MppeKeyLength.Bits56);
        for (int i = 0; i < 50; i++)
        {
            forty.ChangeKey();
            fiftySix.ChangeKey();
            Assert.Equal("D1269E", Hex.Of(forty.SessionKey[..3]));
            Assert.Equal(0xD1, fiftySix.SessionKey[0]);
        }
    }

    [Fact]
    public void ResetTables_restarts_the_keystream_of_the_current_key()
    {
        Gen.Select(Gen.Byte.Array[16], Gen.Int[0, 5], Gen.Int[1, 100]).Sample((start, changes, used) =>
        {
            var schedule = new MppeKeySchedule(start, MppeKeyLength.Bits128);
            for (int i = 0; i < changes; i++)
            {
                schedule.ChangeKey();
            }
            schedule.Process(new byte[used]);
            schedule.ResetTables();
            var data = new byte[32];
            schedule.Process(data);
            Assert.Equal(Hex.Of(BcReference.Rc4(BcReference.SessionKeyAfter(start, 128, changes), new byte[32])), Hex.Of(data));
        }, iter: 100);
    }

    [Fact]
    public void A_16_octet_master_key_serves_8_octet_strengths_through_its_first_half()
    {
        byte[] master = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB");
        Assert.Equal(
            Hex.Of(new MppeKeySchedule(master.AsSpan(0, 8), MppeKeyLength.Bits40).SessionKey),
            Hex.Of(new MppeKeySchedule(master, MppeKeyLength.Bits40).SessionKey));
    }

    [Fact]
    public void Bad_construction_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MppeKeySchedule(new byte[16], (MppeKeyLength)64));
        Assert.Throws<ArgumentException>(() => new MppeKeySchedule(new byte[8], MppeKeyLength.Bits128));
        Assert.Throws<ArgumentException>(() => MppeKeyDerivation.GetAsymmetricStartKey(new byte[16], new byte[12], true, true));
        Assert.Throws<ArgumentException>(() => MppeKeyDerivation.ReduceKeyStrength(new byte[16], MppeKeyLength.Bits40));
        Assert.Equal(0, MppeKeyDerivation.SessionKeyLength((MppeKeyLength)0));
    }
}
