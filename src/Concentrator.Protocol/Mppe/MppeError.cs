namespace Concentrator.Protocol.Mppe;

/// <summary>Outcome of encrypting or decrypting one MPPE packet (RFC 3078 §3, §8).</summary>
public enum MppeError
{
    /// <summary>The packet was encrypted or decrypted.</summary>
    None = 0,

    /// <summary>Shorter than the 2-octet MPPE header plus at least one octet of protocol field.</summary>
    Truncated,

    /// <summary>Bit D is clear (RFC 3078 §3.1): not encrypted, refused because MPPE is required.</summary>
    NotEncrypted,

    /// <summary>Stateless mode, but bit A (FLUSHED) is clear; RFC 3078 §3.1 says it MUST be set.</summary>
    FlushedBitMissing,

    /// <summary>Stateless mode: the coherency count equals the last one received (a duplicate).</summary>
    DuplicateCoherencyCount,

    /// <summary>
    /// Stateless mode: the coherency count lies behind the last one received (more than half the
    /// 4096 space ahead is taken as behind); its key is gone, so the packet is dropped.
    /// </summary>
    StaleCoherencyCount,

    /// <summary>
    /// Stateful mode: a coherency count was skipped, so packets were lost (RFC 3078 §8.2). The packet
    /// is dropped; send a CCP Reset-Request. Later packets give <see cref="AwaitingFlush"/> until one
    /// arrives with the FLUSHED bit set.
    /// </summary>
    ResetRequired,

    /// <summary>
    /// Stateful mode, after <see cref="ResetRequired"/>: the packet is silently discarded until one
    /// with the FLUSHED bit set resynchronises the decryptor (RFC 3078 §8.2).
    /// </summary>
    AwaitingFlush,
}
