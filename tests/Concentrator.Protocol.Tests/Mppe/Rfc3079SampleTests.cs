using System.Text;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Mppe;

namespace Concentrator.Protocol.Tests.Mppe;

/// <summary>
/// RFC 3079 §3.5.1-§3.5.3 "Sample Key Derivations", each step. Values are copied verbatim from the
/// RFC; the one place where a test departs from the printed text says so and why.
/// </summary>
public class Rfc3079SampleTests
{
    // "Initial Values", identical in §3.5.1, §3.5.2 and §3.5.3.
    private static readonly byte[] UserName = Hex.Bytes("55 73 65 72"); // "User"
    private static readonly byte[] Password = Hex.Bytes("63 00 6C 00 69 00 65 00 6E 00 74 00 50 00 61 00 73 00 73 00"); // "clientPass"
    private static readonly byte[] AuthenticatorChallenge = Hex.Bytes("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");
    private static readonly byte[] PeerChallenge = Hex.Bytes("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");
    private static readonly byte[] Challenge = Hex.Bytes("D0 2E 43 86 BC E9 12 26");
    private static readonly byte[] NtResponse = Hex.Bytes("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");

    // Steps 1-3 (§3.5.3 numbers them 1, 2, 2), identical in the three samples.
    private static readonly byte[] PasswordHash = Hex.Bytes("44 EB BA 8D 53 12 B8 D6 11 47 44 11 F5 69 89 AE");
    private static readonly byte[] PasswordHashHash = Hex.Bytes("41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F");
    private static readonly byte[] MasterKey = Hex.Bytes("FD EC E3 71 7A 8C 83 8C B3 88 E5 27 AE 3C DD 31");

    private static readonly byte[] TestMessage = Encoding.ASCII.GetBytes("test message");

    [Fact]
    public void Initial_values_and_steps_1_to_3()
    {
        Assert.Equal("clientPass", Encoding.Unicode.GetString(Password));

        // Challenge and NT-Response are the RFC 2759 §9.2 values.
        var challenge = new byte[8];
        MsChapV2.ChallengeHash(PeerChallenge, AuthenticatorChallenge, UserName, challenge);
        Assert.Equal(Hex.Of(Challenge), Hex.Of(challenge));
        var nt = new byte[24];
        MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, UserName, MsChapV2.NtPasswordHash("clientPass"), nt);
        Assert.Equal(Hex.Of(NtResponse), Hex.Of(nt));

        // Step 1: NtPasswordHash(Password, PasswordHash)
        Assert.Equal(Hex.Of(PasswordHash), Hex.Of(MsChapV2.NtPasswordHash(Encoding.Unicode.GetString(Password))));

        // Step 2: PasswordHashHash = MD4(PasswordHash)
        var hashHash = new byte[16];
        MsChapV2.HashNtPasswordHash(PasswordHash, hashHash);
        Assert.Equal(Hex.Of(PasswordHashHash), Hex.Of(hashHash));

        // Step 3: Derive the master key (GetMasterKey())
        var masterKey = new byte[16];
        MppeKeyDerivation.GetMasterKey(PasswordHashHash, NtResponse, masterKey);
        Assert.Equal(Hex.Of(MasterKey), Hex.Of(masterKey));
    }

    [Theory]
    // §3.5.1 Step 4: SendStartKey40 = 8B 7C DC 14 9B 99 3A 1B
    [InlineData(8, "8B 7C DC 14 9B 99 3A 1B")]
    // §3.5.3 Step 3: SendStartKey128 = 8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB
    [InlineData(16, "8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB")]
    public void Send_start_key_is_the_servers_send_key(int length, string expected)
    {
        // RFC 3079 §3.1-§3.3 call GetAsymmetricStartKey(MasterKey, MasterSendKey, n, TRUE, TRUE):
        // IsServer = TRUE, so the samples' "send" key is the server's (Magic3) ...
        var key = new byte[length];
        MppeKeyDerivation.GetAsymmetricStartKey(MasterKey, key, isSend: true, isServer: true);
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(key));

        // ... which is the key the client receives with ...
        MppeKeyDerivation.GetAsymmetricStartKey(MasterKey, key, isSend: false, isServer: false);
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(key));

        // ... and not the client's send key (Magic2).
        MppeKeyDerivation.GetAsymmetricStartKey(MasterKey, key, isSend: true, isServer: false);
        Assert.NotEqual(Hex.Of(Hex.Bytes(expected)), Hex.Of(key));

        // The same from the high-level entry point, server side.
        MppeMasterKeys server = MppeMasterKeys.FromMsChapV2(PasswordHash, NtResponse, isServer: true);
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(server.SendKey[..length]));
    }

    [Fact]
    public void Sample_40_bit_section_3_5_1()
    {
        byte[] sendStartKey40 = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B");
        // Step 5: SendSessionKey40 = D1 26 9E C4 9F A6 2E 3E
        AssertSessionKey(sendStartKey40, MppeKeyLength.Bits40, "D1 26 9E C4 9F A6 2E 3E");
        // rc4(SendSessionKey40, "test message") = 92 91 37 91 7E 58 03 D6 68 D7 58 98
        AssertTestMessage(sendStartKey40, MppeKeyLength.Bits40, "92 91 37 91 7E 58 03 D6 68 D7 58 98");
    }

    [Fact]
    public void Sample_56_bit_section_3_5_2()
    {
        byte[] sendStartKey56 = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B");
        // Step 5: SendSessionKey56 = D1 5C 00 C4 9F A6 2E 3E
        AssertSessionKey(sendStartKey56, MppeKeyLength.Bits56, "D1 5C 00 C4 9F A6 2E 3E");

        // DEPARTS FROM THE RFC TEXT. §3.5.2 prints
        //     rc4(SendSessionKey40, "test message") = 3F 10 68 33 FA 44 8D A8 42 BC 57 58
        // but RC4 under the key that §3.5.2 itself prints in Step 5 (D1 5C 00 C4 9F A6 2E 3E) gives
        // ... 57 B8 in the last octet (0x58 is one bit off). The label "SendSessionKey40" is a
        // second slip: the 40-bit key gives the §3.5.1 ciphertext instead. The correct value is
        // computed here independently with BouncyCastle's RC4 from the RFC's own Step 5 key.
        const string printedInRfc = "3F 10 68 33 FA 44 8D A8 42 BC 57 58";
        byte[] independent = BcReference.Rc4(Hex.Bytes("D1 5C 00 C4 9F A6 2E 3E"), TestMessage);
        Assert.Equal("3F106833FA448DA842BC57B8", Hex.Of(independent));
        Assert.NotEqual(Hex.Of(Hex.Bytes(printedInRfc)), Hex.Of(independent));
        Assert.NotEqual(Hex.Of(independent), Hex.Of(BcReference.Rc4(Hex.Bytes("D1 26 9E C4 9F A6 2E 3E"), TestMessage)));

        AssertTestMessage(sendStartKey56, MppeKeyLength.Bits56, "3F 10 68 33 FA 44 8D A8 42 BC 57 B8");
    }

    [Fact]
    public void Sample_128_bit_section_3_5_3()
    {
        byte[] sendStartKey128 = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B A1 18 CB 15 3F 56 DC CB");
        // Step 4: SendSessionKey128 = 40 5C B2 24 7A 79 56 E6 E2 11 00 7A E2 7B 22 D4
        AssertSessionKey(sendStartKey128, MppeKeyLength.Bits128, "40 5C B2 24 7A 79 56 E6 E2 11 00 7A E2 7B 22 D4");
        // rc4(SendSessionKey128, "test message") = 81 84 83 17 DF 68 84 62 72 FB 5A BE
        AssertTestMessage(sendStartKey128, MppeKeyLength.Bits128, "81 84 83 17 DF 68 84 62 72 FB 5A BE");
    }

    [Fact]
    public void The_40_and_56_bit_keys_are_reductions_of_one_sha_output()
    {
        // Not printed in the RFC: GetNewKeyFromSHA(SendStartKey, SendStartKey, 8) before reduction,
        // from which both Step 5 keys follow (D1 26 9E | C4 ... and D1 | 5C 00 C4 ...).
        var interim = new byte[8];
        byte[] start = Hex.Bytes("8B 7C DC 14 9B 99 3A 1B");
        MppeKeyDerivation.GetNewKeyFromSha(start, start, interim);
        Assert.Equal(Hex.Of(BcReference.GetNewKeyFromSha(start, start)), Hex.Of(interim));
        Assert.Equal("965C00C49FA62E3E", Hex.Of(interim));
    }

    [Theory]
    [InlineData(MppeKeyLength.Bits40, "92 91 37 91 7E 58 03 D6 68 D7 58 98")]
    [InlineData(MppeKeyLength.Bits56, "3F 10 68 33 FA 44 8D A8 42 BC 57 B8")] // corrected, see Sample_56_bit_section_3_5_2
    [InlineData(MppeKeyLength.Bits128, "81 84 83 17 DF 68 84 62 72 FB 5A BE")]
    public void Server_stateful_first_packet_carries_the_sample_ciphertext(MppeKeyLength keyLength, string expected)
    {
        // End to end: credentials → server keys → stateful encryptor. The first stateful packet is
        // encrypted with the initial session key, no key change before it (RFC 3078 §7.2), so with
        // "test message" as the whole plaintext after the header the ciphertext is exactly the
        // sample's rc4(SendSessionKey, "test message").
        MppeMasterKeys server = MppeMasterKeys.FromMsChapV2(PasswordHash, NtResponse, isServer: true);
        MppeEncryptor encryptor = server.CreateEncryptor(keyLength, stateless: false);
        byte[] packet = [0, 0, .. TestMessage];
        Assert.Equal(MppeError.None, encryptor.Encrypt(packet));
        Assert.Equal("1000", Hex.Of(packet.AsSpan(0, 2))); // D set, A clear, coherency count 0
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(packet.AsSpan(2)));

        // And the client decrypts it with its receive key.
        MppeMasterKeys client = MppeMasterKeys.FromMsChapV2(PasswordHash, NtResponse, isServer: false);
        MppeDecryptor decryptor = client.CreateDecryptor(keyLength, stateless: false);
        Assert.Equal(MppeError.None, decryptor.Decrypt(packet));
        Assert.Equal("test message", Encoding.ASCII.GetString(packet.AsSpan(2)));
    }

    private static void AssertSessionKey(byte[] startKey, MppeKeyLength keyLength, string expected)
    {
        var sessionKey = new byte[startKey.Length];
        MppeKeyDerivation.GetInitialSessionKey(startKey, keyLength, sessionKey);
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(sessionKey));
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(new MppeKeySchedule(startKey, keyLength).SessionKey));
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(BcReference.InitialSessionKey(startKey, (int)keyLength)));
    }

    private static void AssertTestMessage(byte[] startKey, MppeKeyLength keyLength, string expected)
    {
        var schedule = new MppeKeySchedule(startKey, keyLength);
        byte[] data = (byte[])TestMessage.Clone();
        schedule.Process(data);
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(data));
    }
}
