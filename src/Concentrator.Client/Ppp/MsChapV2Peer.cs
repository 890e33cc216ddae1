using System.Security.Cryptography;
using System.Text;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp.Chap;

namespace Concentrator.Client.Ppp;

/// <summary>Where an <see cref="MsChapV2Peer"/> stands.</summary>
public enum MsChapV2PeerStatus
{
    /// <summary>No Challenge answered yet, or a Response is out.</summary>
    Pending = 0,

    /// <summary>Success with a valid authenticator response: the master keys are known.</summary>
    Succeeded,

    /// <summary>Failure without a retry we can make, or a Success that does not authenticate the server.</summary>
    Failed,
}

/// <summary>What to do after a CHAP packet: the Response to send (if any) and how authentication stands.</summary>
/// <param name="Response">A CHAP Response packet (without PPP framing) to send, or null.</param>
/// <param name="Keys">On <see cref="MsChapV2PeerStatus.Succeeded"/>: the client's MPPE master keys (RFC 3079 §3).</param>
/// <param name="Failure">On <see cref="MsChapV2PeerStatus.Failed"/>: why.</param>
/// <param name="ServerMessage">The M= text of the server's Success, when it succeeded.</param>
public sealed record MsChapV2PeerStep(MsChapV2PeerStatus Status, byte[]? Response, MppeMasterKeys? Keys, AuthFailure? Failure, string? ServerMessage)
{
    public static MsChapV2PeerStep Nothing { get; } = new(MsChapV2PeerStatus.Pending, null, null, null, null);
}

/// <summary>
/// The peer (client) side of MS-CHAPv2 (RFC 2759) as pure state. A Challenge is answered with a Response
/// built from a fresh random Peer-Challenge (§4, GenerateNTResponse §8.1); a repeated Challenge (our
/// Response was lost) gets the same Response again. A Success is accepted only if its authenticator
/// response checks out (§8.8 CheckAuthenticatorResponse): that is the mutual authentication. A Failure
/// with R=1 and a new challenge C= is answered with the next password, if any is left, using the
/// Identifier of the Failure plus one (§6, as Windows and the concentrator do).
/// </summary>
public sealed class MsChapV2Peer
{
    private readonly byte[] _name;
    private readonly IReadOnlyList<string> _passwords;
    private readonly Action<Span<byte>> _random;
    private int _passwordIndex;
    private byte[] _passwordHash;
    private byte[]? _response;                // the CHAP Response last sent
    private byte _responseIdentifier;
    private readonly byte[] _authenticatorChallenge = new byte[MsChapV2.ChallengeLength];
    private readonly byte[] _peerChallenge = new byte[MsChapV2.ChallengeLength];
    private readonly byte[] _ntResponse = new byte[MsChapV2.NtResponseLength];

    /// <param name="userName">The Name sent in the Response (it may carry a "DOMAIN\" prefix, RFC 2759 §4).</param>
    /// <param name="passwords">The password, then the ones to try when the server offers a retry.</param>
    /// <param name="random">Fills Peer-Challenges with random octets.</param>
    /// <exception cref="ArgumentException">No password.</exception>
    public MsChapV2Peer(string userName, IReadOnlyList<string> passwords, Action<Span<byte>> random)
    {
        if (passwords.Count == 0) throw new ArgumentException("At least one password is needed.", nameof(passwords));
        _name = Encoding.UTF8.GetBytes(userName);
        _passwords = passwords;
        _random = random;
        _passwordHash = MsChapV2.NtPasswordHash(passwords[0]);
    }

    public MsChapV2PeerStatus Status { get; private set; }

    /// <summary>Responses sent with distinct challenges (1 + retries).</summary>
    public int Attempts { get; private set; }

    /// <summary>Handles one CHAP packet from the authenticator (the PPP Information field); anything malformed or out of turn is ignored.</summary>
    public MsChapV2PeerStep OnPacket(ReadOnlySpan<byte> information)
    {
        if (Status != MsChapV2PeerStatus.Pending || !ChapPacket.TryDecode(information, out var packet, out _))
        {
            return MsChapV2PeerStep.Nothing;
        }

        return packet switch
        {
            MsChapV2ChallengePacket challenge => OnChallenge(challenge),
            ChapSuccessPacket success when _response is not null && success.Identifier == _responseIdentifier => OnSuccess(success),
            ChapFailurePacket failure when _response is not null && failure.Identifier == _responseIdentifier => OnFailure(failure),
            _ => MsChapV2PeerStep.Nothing,
        };
    }

    private MsChapV2PeerStep OnChallenge(MsChapV2ChallengePacket challenge)
    {
        // RFC 1994 §4.1: the authenticator repeats its Challenge (same Identifier) until a Response arrives.
        if (_response is not null && challenge.Identifier == _responseIdentifier && challenge.Challenge.Span.SequenceEqual(_authenticatorChallenge))
        {
            return Step(_response);
        }

        return Respond(challenge.Identifier, challenge.Challenge.Span);
    }

    private MsChapV2PeerStep OnSuccess(ChapSuccessPacket success)
    {
        if (!MsChapV2SuccessMessage.TryParse(success.Message.Span, out var message, out _))
        {
            return Fail(null, false, "the server's Success carries no S= authenticator response", serverNotAuthenticated: true);
        }

        // RFC 2759 §8.8 CheckAuthenticatorResponse compares the 42 octets "S=" + 40 uppercase hex digits.
        var received = Encoding.ASCII.GetBytes("S=" + Convert.ToHexString(message.AuthenticatorResponse.Span));
        if (!MsChapV2.CheckAuthenticatorResponse(_passwordHash, _ntResponse, _peerChallenge, _authenticatorChallenge, _name, received))
        {
            return Fail(null, false, "the server's authenticator response is wrong: it does not know the password", serverNotAuthenticated: true);
        }

        Status = MsChapV2PeerStatus.Succeeded;
        var keys = MppeMasterKeys.FromMsChapV2(_passwordHash, _ntResponse, isServer: false);
        CryptographicOperations.ZeroMemory(_passwordHash);
        return new MsChapV2PeerStep(Status, null, keys, null, message.Message);
    }

    private MsChapV2PeerStep OnFailure(ChapFailurePacket failure)
    {
        if (!MsChapV2FailureMessage.TryParse(failure.Message.Span, out var message, out _))
        {
            return Fail(null, false, $"an unreadable Failure: {Encoding.UTF8.GetString(failure.Message.Span)}", serverNotAuthenticated: false);
        }

        var canRetry = message.RetryAllowed && message.Challenge.Length == MsChapV2.ChallengeLength && _passwordIndex + 1 < _passwords.Count;
        if (!canRetry)
        {
            return Fail(message.Error, message.RetryAllowed, message.Message, serverNotAuthenticated: false);
        }

        _passwordIndex++;
        _passwordHash = MsChapV2.NtPasswordHash(_passwords[_passwordIndex]);
        return Respond((byte)(failure.Identifier + 1), message.Challenge.Span);
    }

    private MsChapV2PeerStep Respond(byte identifier, ReadOnlySpan<byte> authenticatorChallenge)
    {
        authenticatorChallenge.CopyTo(_authenticatorChallenge);
        _random(_peerChallenge);
        MsChapV2.GenerateNtResponse(_authenticatorChallenge, _peerChallenge, _name, _passwordHash, _ntResponse);
        _responseIdentifier = identifier;
        _response = new MsChapV2ResponsePacket(identifier, _peerChallenge.ToArray(), _ntResponse.ToArray(), 0, _name).ToArray();
        Attempts++;
        return Step(_response);
    }

    private MsChapV2PeerStep Fail(MsChapV2ErrorCode? error, bool retryAllowed, string message, bool serverNotAuthenticated)
    {
        Status = MsChapV2PeerStatus.Failed;
        return new MsChapV2PeerStep(Status, null, null, new AuthFailure(error, retryAllowed, message, serverNotAuthenticated, Attempts), null);
    }

    private static MsChapV2PeerStep Step(byte[] response) => new(MsChapV2PeerStatus.Pending, response, null, null, null);
}
