using Concentrator.Protocol.Pptp;

namespace Concentrator.Sessions.Call;

/// <summary>Tells a call to end: LCP Terminate to the peer, then <see cref="CallEnded"/> to its connection.</summary>
public sealed record HangUp(CallDisconnectResult Result, string Reason);

/// <summary>
/// The call's own actor failed: its connection resumed it for this message, so that it ends like any call
/// (LCP Terminate-Request, Call-Disconnect-Notify, its address given back) rather than vanish.
/// </summary>
public sealed record EndAfterFailure(Exception Cause);

/// <summary>A call's last word to its control connection before it stops: what goes into the Call-Disconnect-Notify.</summary>
public sealed record CallEnded(ushort CallId, CallDisconnectResult Result, string Reason);

/// <summary>A PPP frame that is not IP data (LCP, CHAP, IPCP, CCP, or a protocol we do not speak), from the peer.</summary>
/// <param name="Protocol">Its PPP protocol number.</param>
/// <param name="Frame">The whole PPP frame (header included), for a Protocol-Reject.</param>
/// <param name="Information">The frame's Information field.</param>
public sealed record PppFrameReceived(ushort Protocol, byte[] Frame, ReadOnlyMemory<byte> Information);

/// <summary>Send this PPP frame (a control packet, unencrypted) to the peer in GRE.</summary>
public sealed record SendFrame(byte[] Frame);

/// <summary>LCP agreed on framing: the peer's MRU and whether it takes compressed address/control and protocol fields.</summary>
public sealed record LinkFraming(ushort PeerMru, bool AddressControlCompression, bool ProtocolCompression);

/// <summary>CCP opened: the MPPE ciphers for both directions, handed to the data path which owns them from now on.</summary>
public sealed record InstallCiphers(Protocol.Mppe.MppeEncryptor Encryptor, Protocol.Mppe.MppeDecryptor Decryptor);

/// <summary>IP data may flow (IPCP and CCP are Opened) or must stop.</summary>
public sealed record DataEnabled(bool Enabled);

/// <summary>The peer sent a CCP Reset-Request (stateful MPPE, RFC 3078 §8.2): flush our encryptor.</summary>
public sealed record FlushEncryptor;

/// <summary>Stateful MPPE lost its place (RFC 3078 §8.2): CCP must send a Reset-Request.</summary>
public sealed record DecryptorNeedsReset;

/// <summary>The first GRE packet of the call arrived.</summary>
public sealed record GreArrived;
