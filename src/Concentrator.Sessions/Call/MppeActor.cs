using Akka.Actor;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Sessions.Call;

/// <summary>
/// The MPPE key state of one call: negotiates CCP with the MPPE option only (RFC 1962, RFC 3078 §2;
/// see <see cref="CcpPolicy"/>: 128-bit stateless required by default), turns the master keys from
/// authentication into the two ciphers when CCP opens (RFC 3079 §3) and hands them to the call's data
/// path, and runs the stateful-mode Reset-Request/Ack exchange (RFC 3078 §8.2). CCP frames that arrive
/// before authentication has given us the keys are held until then.
/// </summary>
public sealed class MppeActor : NegotiatingActor
{
    private readonly SessionSettings _settings;
    private CcpPolicy? _policy;
    private MppeMasterKeys? _keys;
    private byte _resetIdentifier;

    public MppeActor(SessionSettings settings, IActorRef dataPath) : base(dataPath)
    {
        _settings = settings;
    }

    public static Props Props(SessionSettings settings, IActorRef dataPath) =>
        LocalProps.Of(() => new MppeActor(settings, dataPath));

    protected override bool OnMessage(object message)
    {
        switch (message)
        {
            case StartEncryption start:
                OnStart(start);
                return true;
            case PppFrameReceived frame:
                if (!HoldUntilStarted(frame)) Receive(frame);
                return true;
            case DecryptorNeedsReset:
                // RFC 3078 §8.2: ask the peer to flush; its next packet carries the FLUSHED bit.
                var request = new ControlPacket(ControlCode.ResetRequest, ++_resetIdentifier, ReadOnlyMemory<byte>.Empty);
                DataPath.Tell(new SendFrame(PppFrame.ControlFrame(PppProtocol.Ccp, request.ToArray())));
                return true;
            case ProtocolRejectedByPeer:
                Apply(Engine?.ProtocolRejected() ?? []);
                return true;
            default:
                return false;
        }
    }

    private void OnStart(StartEncryption start)
    {
        _keys = start.Keys;
        _policy = new CcpPolicy(_settings.Ccp);
        Engine = new NegotiationEngine(PppProtocol.Ccp, _policy, _settings.Negotiation) { PeerMru = start.PeerMru };
        Apply(Engine.Open());
        Apply(Engine.Up());
        FeedHeld();
    }

    protected override void OnOutput(NegotiationOutput output)
    {
        switch (output)
        {
            case LayerUp:
                var bits = _policy!.LocalBits;
                var keyLength = MppeKeyBits.KeyLength(bits);
                var stateless = (bits & MppeBits.Stateless) != 0;
                if (!_keys!.Supports(keyLength))
                {
                    Context.Parent.Tell(new EncryptionRefused($"the authentication backend's keys are too short for {(int)keyLength}-bit MPPE"));
                    return;
                }
                DataPath.Tell(new InstallCiphers(_keys.CreateEncryptor(keyLength, stateless), _keys.CreateDecryptor(keyLength, stateless)));
                Context.Parent.Tell(new EncryptionUp(keyLength, stateless));
                break;
            case LayerDown or LayerFinished:
                Context.Parent.Tell(new EncryptionDown());
                break;
            case NegotiationFailed failed:
                Context.Parent.Tell(new EncryptionRefused(failed.Reason switch
                {
                    NegotiationFailure.EncryptionRefused => "the client offered no MPPE variant we allow",
                    NegotiationFailure.ProtocolRejected => "the client rejected CCP (it does not do MPPE at all)",
                    NegotiationFailure.PeerNotResponding => "the client did not answer CCP",
                    _ => $"CCP failed: {failed.Reason}",
                }));
                break;
            case ResetPacketReceived { Packet.Code: ControlCode.ResetRequest } reset:
                // RFC 3078 §8.2 / RFC 1962 §2.1: flush our sending state and acknowledge with the same Identifier.
                DataPath.Tell(new FlushEncryptor());
                var ack = new ControlPacket(ControlCode.ResetAck, reset.Packet.Identifier, ReadOnlyMemory<byte>.Empty);
                DataPath.Tell(new SendFrame(PppFrame.ControlFrame(PppProtocol.Ccp, ack.ToArray())));
                break;
        }
    }
}

/// <summary>Authentication gave the master keys: negotiate CCP.</summary>
public sealed record StartEncryption(MppeMasterKeys Keys, int PeerMru);

/// <summary>CCP is Opened and the ciphers are installed.</summary>
public sealed record EncryptionUp(MppeKeyLength KeyLength, bool Stateless)
{
    public override string ToString() => $"MPPE {(int)KeyLength}-bit {(Stateless ? "stateless" : "stateful")}";
}

/// <summary>CCP left Opened.</summary>
public sealed record EncryptionDown;

/// <summary>The client would not encrypt as we require.</summary>
public sealed record EncryptionRefused(string Why);
