namespace Concentrator.Protocol.Mppe;

/// <summary>
/// The receiving half of MPPE (RFC 3078): checks the MPPE header, keeps the keys in step with the
/// coherency count (§8) and decrypts in place. One instance per direction; not thread-safe.
/// Decrypting allocates nothing and never throws.
/// </summary>
public sealed class MppeDecryptor
{
    private const int CountMask = MppeHeader.CoherencyCountModulus - 1;

    private readonly MppeKeySchedule _keys;
    private int _lastCoherencyCount = MppeHeader.CoherencyCountModulus - 1;

    /// <summary>
    /// Creates the receiver from its start key (the server's MasterReceiveKey / MS-MPPE-Recv-Key).
    /// </summary>
    /// <param name="startKey">8 or more octets (16 for 128-bit).</param>
    /// <param name="keyLength">Negotiated strength (RFC 3078 §2 'L', 'M', 'S').</param>
    /// <param name="stateless">Stateless mode, the 'H' bit of RFC 3078 §2.</param>
    public MppeDecryptor(ReadOnlySpan<byte> startKey, MppeKeyLength keyLength, bool stateless)
    {
        _keys = new MppeKeySchedule(startKey, keyLength);
        Stateless = stateless;
    }

    /// <summary>Whether stateless mode ('H' bit) was negotiated.</summary>
    public bool Stateless { get; }

    /// <summary>The negotiated strength.</summary>
    public MppeKeyLength KeyLength => _keys.KeyLength;

    /// <summary>Coherency count of the last packet decrypted (4095 before the first).</summary>
    public int LastCoherencyCount => _lastCoherencyCount;

    /// <summary>
    /// Stateful mode: packets were lost and every packet is discarded until one arrives with the
    /// FLUSHED bit (RFC 3078 §8.2). The CCP layer repeats its Reset-Request while this holds
    /// (RFC 1962 restart timer): the key changes missed meanwhile are recovered from the 12-bit
    /// coherency count, which cannot tell apart gaps of 4096 packets or more.
    /// </summary>
    public bool AwaitingFlush { get; private set; }

    /// <summary>
    /// Decrypts one packet in place. <paramref name="packet"/> is the PPP Information field of a
    /// 0x00FD packet: the 2-octet MPPE header, then the encrypted data. On
    /// <see cref="MppeError.None"/>, <c>packet[2..]</c> holds the plaintext: the original PPP protocol
    /// field (one octet if the sender compressed it, RFC 1661 §6.5) followed by the data. On any
    /// other result the packet is to be dropped; <see cref="MppeError.ResetRequired"/> additionally
    /// asks the caller to send a CCP Reset-Request.
    /// </summary>
    public MppeError Decrypt(Span<byte> packet)
    {
        if (!MppeHeader.TryDecode(packet, out MppeHeader header, out MppeError error))
        {
            return error;
        }
        if (packet.Length <= MppeHeader.Length)
        {
            return MppeError.Truncated;
        }
        if (!header.Encrypted)
        {
            return MppeError.NotEncrypted;
        }
        error = Stateless ? SynchroniseStateless(header) : SynchroniseStateful(header);
        if (error != MppeError.None)
        {
            return error;
        }
        _keys.Process(packet[MppeHeader.Length..]);
        return MppeError.None;
    }

    private MppeError SynchroniseStateless(MppeHeader header)
    {
        if (!header.Flushed)
        {
            // RFC 3078 §3.1: in stateless mode bit A MUST be set on every encrypted packet.
            return MppeError.FlushedBitMissing;
        }
        int advance = (header.CoherencyCount - _lastCoherencyCount) & CountMask;
        if (advance == 0)
        {
            return MppeError.DuplicateCoherencyCount;
        }
        if (advance > MppeHeader.CoherencyCountModulus / 2)
        {
            // Behind the last packet (reordered or replayed): its key has been changed away, and
            // treating it as 2049+ packets ahead would throw the stream out of step.
            return MppeError.StaleCoherencyCount;
        }
        // RFC 3078 §8.1: N = C1 - C2 key changes (mod 4096), normally 1; more after a loss.
        // Nothing authenticates the count (RFC 3078 §9), so a forged packet can cost up to 2048
        // key changes (about 3 ms) and push this receiver ahead of its peer.
        for (int n = 0; n < advance; n++)
        {
            _keys.ChangeKey();
        }
        _lastCoherencyCount = header.CoherencyCount;
        return MppeError.None;
    }

    private MppeError SynchroniseStateful(MppeHeader header)
    {
        int count = header.CoherencyCount;
        if (AwaitingFlush)
        {
            if (!header.Flushed)
            {
                return MppeError.AwaitingFlush;
            }
            // RFC 3078 §8.2: the sender changed keys at every "flag" packet (low octet 0xFF) that we
            // missed, from the one after the last packet we decrypted up to (not including) this one.
            int first = _lastCoherencyCount + 1;
            int missed = (count - first) & CountMask;
            int missedFlags = ((first + missed) >> 8) - (first >> 8);
            for (int n = 0; n < missedFlags; n++)
            {
                _keys.ChangeKey();
            }
            AwaitingFlush = false;
        }
        else if (count != ((_lastCoherencyCount + 1) & CountMask))
        {
            // RFC 3078 §3 "Reliability and Sequencing" and §8.2: a count other than the expected one
            // means loss; drop the packet, send a CCP Reset-Request, discard until FLUSHED.
            AwaitingFlush = true;
            return MppeError.ResetRequired;
        }
        if ((count & 0xFF) == 0xFF)
        {
            // RFC 3078 §7.2: change keys after receiving, before decrypting, a "flag" packet.
            _keys.ChangeKey();
        }
        if (header.Flushed)
        {
            // RFC 3078 §3.1 bit A / §8.2: re-initialise the tables with the current session key.
            _keys.ResetTables();
        }
        _lastCoherencyCount = count;
        return MppeError.None;
    }
}
