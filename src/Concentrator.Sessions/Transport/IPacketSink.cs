namespace Concentrator.Sessions.Transport;

/// <summary>Where decrypted IP packets from clients go (a TUN queue in production); thread-safe.</summary>
public interface IPacketSink
{
    void Write(ReadOnlySpan<byte> ipPacket);
}
