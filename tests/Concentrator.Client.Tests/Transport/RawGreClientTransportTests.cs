using System.Buffers.Binary;
using System.Net;
using Concentrator.Client.Transport;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Ip;

namespace Concentrator.Client.Tests.Transport;

/// <summary>
/// The client's GRE over the kernel's raw socket, between two fresh network namespaces joined by a veth
/// pair (client 10.99.7.1, "server" 10.99.7.2). Needs root; reports "skipped" otherwise.
/// </summary>
public sealed class RawGreClientTransportTests
{
    private static readonly IPAddress ClientAddress = IPAddress.Parse("10.99.7.1");
    private static readonly IPAddress ServerAddress = IPAddress.Parse("10.99.7.2");

    private sealed class Recorder : IClientGreReceiver
    {
        private readonly List<(uint Source, byte[] Packet)> _packets = [];

        public void OnGrePacket(uint source, Span<byte> grePacket)
        {
            lock (_packets) _packets.Add((source, grePacket.ToArray()));
        }

        public (uint Source, byte[] Packet)? First
        {
            get
            {
                lock (_packets) return _packets.Count > 0 ? _packets[0] : null;
            }
        }
    }

    [SkippableFact]
    public void Receives_by_call_id_without_the_ipv4_header_and_sends_to_the_server()
    {
        var privileges = Privileges.Check();
        Skip.IfNot(privileges.IsSufficient && privileges.HasSysAdmin, "needs root to create network namespaces and raw sockets: " + privileges.Message);

        using var client = NetworkNamespace.CreateUnique("cct-");
        using var server = NetworkNamespace.CreateUnique("cct-");
        using var veth = VethPair.Create("cctC", client.Name, "cctS", server.Name);
        veth.AssignAddresses("10.99.7.1/30", "10.99.7.2/30");
        using var transport = client.Run(() => RawGreClientTransport.Open(ClientAddress));
        using var serverSocket = server.Run(RawGreSocket.Open);
        serverSocket.ReceiveTimeout = TimeSpan.FromSeconds(5);

        var recorder = new Recorder();
        Assert.True(transport.TryRegister(recorder, out var callId));

        // Server → client: the kernel adds the IPv4 header, the transport strips it and routes by the key.
        var toClient = Gre(callId, 7, [1, 2, 3, 4, 5]);
        serverSocket.Send(ClientAddress, toClient);
        serverSocket.Send(ClientAddress, Gre((ushort)(callId + 1), 8, [6]));
        var plainGre = Gre(callId, 9, [7]);
        plainGre[1] &= 0xF8; // GRE version 0 (RFC 2784), not PPTP's enhanced GRE
        serverSocket.Send(ClientAddress, plainGre);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (recorder.First is null || transport.Demux.UnknownCallId == 0 || transport.NotGre == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the packets did not arrive within 5 s");
            Thread.Sleep(10);
        }

        Assert.Equal(Ipv4.ToUInt32(ServerAddress), recorder.First!.Value.Source);
        Assert.Equal(toClient, recorder.First.Value.Packet);
        Assert.Equal(1, transport.Demux.UnknownCallId);
        Assert.Equal(1, transport.NotGre);

        // Client → server.
        var toServer = Gre(0x4321, 1, [9, 8, 7]);
        transport.Send(ServerAddress, toServer);
        var buffer = new byte[2048];
        var length = serverSocket.Receive(buffer, out var source);
        Assert.Equal(Ipv4.ToUInt32(ClientAddress), source);
        var ihl = (buffer[0] & 0x0F) * 4;
        Assert.Equal(toServer, buffer.AsSpan(ihl, length - ihl).ToArray());
        Assert.Equal(0, transport.SendErrors);

        // No route: counted, not thrown.
        transport.Send(IPAddress.Parse("203.0.113.9"), toServer);
        Assert.Equal(1, transport.SendErrors);
        transport.Unregister(callId, recorder);
        Assert.Equal(0, transport.Demux.Count);
    }

    private static byte[] Gre(ushort callId, uint sequence, byte[] payload)
    {
        var packet = new byte[GreHeader.MaximumSize + payload.Length];
        var header = GreHeader.Write(packet, callId, (ushort)payload.Length, hasSequence: true, sequence, hasAck: false, 0);
        payload.CopyTo(packet, header);
        var result = packet[..(header + payload.Length)];
        Assert.Equal(callId, BinaryPrimitives.ReadUInt16BigEndian(result.AsSpan(6)));
        return result;
    }
}
