using System.Diagnostics.CodeAnalysis;
using Concentrator.Protocol.Auth;

namespace Concentrator.Protocol.Mppe;

/// <summary>
/// The two MPPE start keys of one end of the link: the key it encrypts with (send) and the key it
/// decrypts with (receive). These are RFC 3079's MasterSendKey/MasterReceiveKey and, on a NAS,
/// RFC 2548's MS-MPPE-Send-Key/MS-MPPE-Recv-Key.
/// </summary>
public sealed class MppeMasterKeys
{
    private readonly byte[] _sendKey;
    private readonly byte[] _receiveKey;

    private MppeMasterKeys(byte[] sendKey, byte[] receiveKey)
    {
        _sendKey = sendKey;
        _receiveKey = receiveKey;
    }

    /// <summary>Start key of the direction this end encrypts (8 or 16 octets).</summary>
    public ReadOnlySpan<byte> SendKey => _sendKey;

    /// <summary>Start key of the direction this end decrypts (8 or 16 octets).</summary>
    public ReadOnlySpan<byte> ReceiveKey => _receiveKey;

    /// <summary>
    /// RFC 3079 §3.1-§3.4 from MS-CHAP-V2 credentials: PasswordHashHash = MD4(PasswordHash),
    /// MasterKey = GetMasterKey(PasswordHashHash, NT-Response), then the 16-octet send and receive
    /// start keys of GetAsymmetricStartKey for this end. The server (PAC) passes
    /// <paramref name="isServer"/> = <c>true</c>; its send key is the client's receive key.
    /// Per RFC 3079 §3 "Implementation Note", use the NT-Response of the first authentication.
    /// </summary>
    /// <exception cref="ArgumentException">A hash or NT-Response of the wrong length.</exception>
    public static MppeMasterKeys FromMsChapV2(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse, bool isServer)
    {
        Span<byte> passwordHashHash = stackalloc byte[MsChapV2.PasswordHashLength];
        MsChapV2.HashNtPasswordHash(passwordHash, passwordHashHash);
        Span<byte> masterKey = stackalloc byte[MppeKeyDerivation.MasterKeyLength];
        MppeKeyDerivation.GetMasterKey(passwordHashHash, ntResponse, masterKey);
        var send = new byte[MppeKeyDerivation.MaxSessionKeyLength];
        var receive = new byte[MppeKeyDerivation.MaxSessionKeyLength];
        MppeKeyDerivation.GetAsymmetricStartKey(masterKey, send, isSend: true, isServer);
        MppeKeyDerivation.GetAsymmetricStartKey(masterKey, receive, isSend: false, isServer);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(passwordHashHash);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(masterKey);
        return new MppeMasterKeys(send, receive);
    }

    /// <summary>
    /// Keys that a RADIUS server derived (RFC 2548 §2.4.2/§2.4.3, after removing the salt
    /// encryption): MS-MPPE-Send-Key encrypts packets from the NAS to the remote host,
    /// MS-MPPE-Recv-Key decrypts packets from it. Each must be 8 or 16 octets; otherwise
    /// <c>false</c>.
    /// </summary>
    public static bool TryFromRadius(ReadOnlySpan<byte> msMppeSendKey, ReadOnlySpan<byte> msMppeRecvKey, [NotNullWhen(true)] out MppeMasterKeys? keys)
    {
        if (msMppeSendKey.Length is not (8 or 16) || msMppeRecvKey.Length is not (8 or 16))
        {
            keys = null;
            return false;
        }
        keys = new MppeMasterKeys(msMppeSendKey.ToArray(), msMppeRecvKey.ToArray());
        return true;
    }

    /// <summary>Whether both keys are long enough for the strength (16 octets for 128-bit, 8 otherwise).</summary>
    public bool Supports(MppeKeyLength keyLength)
    {
        int needed = MppeKeyDerivation.SessionKeyLength(keyLength);
        return needed != 0 && _sendKey.Length >= needed && _receiveKey.Length >= needed;
    }

    /// <summary>The encryptor for this end's send direction.</summary>
    /// <exception cref="ArgumentException">The strength is not <see cref="Supports">supported</see>.</exception>
    public MppeEncryptor CreateEncryptor(MppeKeyLength keyLength, bool stateless) => new(_sendKey, keyLength, stateless);

    /// <summary>The decryptor for this end's receive direction.</summary>
    /// <exception cref="ArgumentException">The strength is not <see cref="Supports">supported</see>.</exception>
    public MppeDecryptor CreateDecryptor(MppeKeyLength keyLength, bool stateless) => new(_receiveKey, keyLength, stateless);
}
