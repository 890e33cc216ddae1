using System.Buffers.Binary;
using Concentrator.Protocol.Ppp;

namespace Concentrator.Protocol.Mppe;

/// <summary>
/// The sending half of MPPE (RFC 3078): writes the MPPE header and encrypts in place. One instance
/// per direction; not thread-safe. Encrypting allocates nothing.
/// </summary>
public sealed class MppeEncryptor
{
    /// <summary>The most <see cref="EncryptIpFrame"/> writes in front of the IPv4 packet: PPP header, MPPE header, protocol field.</summary>
    public const int IpFrameHeadroom = PppFrame.MaxHeaderLength + MppeHeader.Length + 2;

    private readonly MppeKeySchedule _keys;
    private int _lastCoherencyCount = MppeHeader.CoherencyCountModulus - 1;
    private bool _flushPending;

    /// <summary>
    /// Creates the sender from its start key (the server's MasterSendKey / MS-MPPE-Send-Key).
    /// </summary>
    /// <param name="startKey">8 or more octets (16 for 128-bit).</param>
    /// <param name="keyLength">Negotiated strength (RFC 3078 §2 'L', 'M', 'S').</param>
    /// <param name="stateless">Stateless mode, the 'H' bit of RFC 3078 §2: a key change before every packet.</param>
    public MppeEncryptor(ReadOnlySpan<byte> startKey, MppeKeyLength keyLength, bool stateless)
    {
        _keys = new MppeKeySchedule(startKey, keyLength);
        Stateless = stateless;
    }

    /// <summary>Whether stateless mode ('H' bit) was negotiated.</summary>
    public bool Stateless { get; }

    /// <summary>The negotiated strength.</summary>
    public MppeKeyLength KeyLength => _keys.KeyLength;

    /// <summary>The coherency count the next packet will carry (0 for the first, wrapping after 4095).</summary>
    public int NextCoherencyCount => (_lastCoherencyCount + 1) & (MppeHeader.CoherencyCountModulus - 1);

    /// <summary>
    /// Encrypts one packet in place. <paramref name="packet"/> is the PPP Information field of the
    /// 0x00FD packet: two octets of room for the MPPE header, then the plaintext — the PPP protocol
    /// field of the original packet followed by its data, which is what RFC 3078 §3.1 encrypts
    /// ("The encrypted data begins with the protocol field"). Writes the header (bit D set, bit A
    /// when the RC4 tables were initialised for this packet) and encrypts everything after it.
    /// In stateful mode the very first packet carries no bit A although both sides have just keyed
    /// their tables with the initial session key: the receiver needs no flush, and Linux's MPPE
    /// does the same.
    /// </summary>
    /// <returns><see cref="MppeError.None"/>, or <see cref="MppeError.Truncated"/> when there is no plaintext.</returns>
    public MppeError Encrypt(Span<byte> packet)
    {
        if (packet.Length <= MppeHeader.Length)
        {
            return MppeError.Truncated;
        }
        int coherencyCount = NextCoherencyCount;
        bool flushed;
        if (Stateless)
        {
            // RFC 3078 §7.1: change the key before encrypting every packet; §3.1: bit A on every packet.
            _keys.ChangeKey();
            flushed = true;
        }
        else
        {
            flushed = false;
            if ((coherencyCount & 0xFF) == 0xFF)
            {
                // RFC 3078 §7.2: the "flag" packet; the key change re-initialises the tables (bit A).
                _keys.ChangeKey();
                flushed = true;
            }
            if (_flushPending)
            {
                // RFC 3078 §8.2: after a CCP Reset-Request, re-initialise RC4 with the current
                // session key and set FLUSHED on the next packet.
                if (!flushed)
                {
                    _keys.ResetTables();
                }
                flushed = true;
                _flushPending = false;
            }
        }
        _lastCoherencyCount = coherencyCount;
        new MppeHeader(flushed, false, false, true, coherencyCount).WriteTo(packet);
        _keys.Process(packet[MppeHeader.Length..]);
        return MppeError.None;
    }

    /// <summary>
    /// Makes the IPv4 packet at <paramref name="ipStart"/> an encrypted PPP frame in place, writing in front of it
    /// the protocol field 0x0021 (RFC 3078 §3.1: "The encrypted data begins with the protocol field"), the MPPE
    /// header and the PPP header of protocol 0x00FD (Address/Control and Protocol field as agreed, see
    /// <see cref="PppFrame.WriteHeader"/>), and encrypting. <paramref name="buffer"/> needs
    /// <see cref="IpFrameHeadroom"/> octets in front of the packet. Allocates nothing.
    /// </summary>
    /// <returns>Where the frame starts; it ends where the packet ends.</returns>
    public int EncryptIpFrame(Span<byte> buffer, int ipStart, int ipLength, bool addressControl, bool compressProtocol)
    {
        var informationStart = ipStart - 2 - MppeHeader.Length;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(ipStart - 2)..], PppProtocol.Ip);
        Encrypt(buffer.Slice(informationStart, MppeHeader.Length + 2 + ipLength));
        var frameStart = informationStart - PppFrame.HeaderLength(MppeHeader.PppProtocol, addressControl, compressProtocol);
        PppFrame.WriteHeader(buffer[frameStart..], MppeHeader.PppProtocol, addressControl, compressProtocol);
        return frameStart;
    }

    /// <summary>
    /// A CCP Reset-Request arrived (RFC 3078 §8.2): in stateful mode the next packet is sent from
    /// freshly initialised RC4 tables with the FLUSHED bit. Stateless mode flushes every packet
    /// already, so nothing changes (§8.1). Answering with Reset-Ack is the CCP layer's job.
    /// </summary>
    public void OnResetRequest()
    {
        if (!Stateless)
        {
            _flushPending = true;
        }
    }
}
