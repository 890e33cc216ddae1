using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Concentrator.Client.Transport;
using Concentrator.Protocol.Auth;
using Concentrator.Protocol.Gre;
using Concentrator.Protocol.Mppe;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Chap;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Pptp;

namespace Concentrator.Client.Tests.Support;

/// <summary>One PPP frame the client sent, from one GRE packet.</summary>
public sealed record SentFrame(uint Sequence, ushort Protocol, byte[] Information);

/// <summary>
/// The server's side of a conversation with the client, written by hand: no server actors, every packet
/// the server "sends" is built in the test and everything the client sends is decoded and checked. The
/// control connection runs over an <see cref="InMemoryDuplexStream"/> pair, GRE over an
/// <see cref="InMemoryGreTransport"/>. Each phase of a setup is one method, so a test can stop anywhere
/// and do something else.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress ClientAddress = IPAddress.Parse("10.8.0.10");
    public static readonly IPAddress TunnelAddress = IPAddress.Parse("10.8.0.1");
    public static readonly IPAddress Dns1 = IPAddress.Parse("10.8.0.53");
    public static readonly IPAddress Dns2 = IPAddress.Parse("10.8.0.54");
    public const uint Address32 = 0xC0000201;
    public const ushort ServerCallId = 0x4321;
    public const string UserName = "alice";
    public const string Password = "correct horse";
    public const uint ServerMagic = 0x5EC0_17A1;
    public static readonly byte[] Challenge = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<InMemoryDuplexStream> _connections = Channel.CreateUnbounded<InMemoryDuplexStream>();
    private readonly Channel<byte[]> _gre = Channel.CreateUnbounded<byte[]>();
    private readonly List<SentFrame> _pending = [];
    private Channel<PptpMessage> _messages = Channel.CreateUnbounded<PptpMessage>();
    private InMemoryDuplexStream? _control;

    public ScriptedServer()
    {
        Gre.Outbound = (server, packet) =>
        {
            if (server.Equals(Address)) _gre.Writer.TryWrite(packet.ToArray());
        };
    }

    public InMemoryGreTransport Gre { get; } = new();

    /// <summary>Opens the client's end of a fresh in-memory control connection; the server's end waits for <see cref="AcceptControlAsync"/>.</summary>
    public ControlStreamFactory Streams => _ =>
    {
        var (client, server) = InMemoryDuplexStream.CreatePair();
        _connections.Writer.TryWrite(server);
        return ValueTask.FromResult<Stream>(client);
    };

    /// <summary>The client's call ID from its Outgoing-Call-Request.</summary>
    public ushort ClientCallId { get; private set; }

    public OutgoingCallRequest? CallRequest { get; private set; }

    /// <summary>The client's LCP Magic-Number.</summary>
    public uint ClientMagic { get; private set; }

    /// <summary>The server's MPPE master keys, from the client's NT-Response (RFC 3079 §3, server side).</summary>
    public MppeMasterKeys? Keys { get; set; }

    /// <summary>GRE packets the client sent without a sequence number: lone acknowledgements (RFC 2637 §4.4).</summary>
    public List<uint> LoneAcks { get; } = [];

    /// <summary>The GRE sequence number of the next frame the server sends.</summary>
    public uint NextSequence { get; set; }

    /// <summary>The highest sequence number received from the client.</summary>
    public uint LastClientSequence { get; private set; }

    public static PptpClientOptions Options(TimeSpan? connectTimeout = null) => new()
    {
        Server = Address,
        UserName = UserName,
        Password = Password,
        ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(30),
    };

    // ---- control connection ----

    /// <summary>Takes the connection the client opened and starts decoding what it sends.</summary>
    public async Task AcceptAsync()
    {
        _control = await _connections.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        _messages = Channel.CreateUnbounded<PptpMessage>();
        _ = ReadControlAsync(_control, _messages.Writer);
    }

    public async Task<T> ExpectAsync<T>() where T : PptpMessage
    {
        var message = await _messages.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        return Assert.IsType<T>(message);
    }

    /// <summary>True when the client closed the control connection (after any messages still queued).</summary>
    public async Task<bool> ControlClosedAsync()
    {
        try
        {
            return !await _messages.Reader.WaitToReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async Task SendAsync(PptpMessage message)
    {
        var bytes = new byte[message.Length];
        message.WriteTo(bytes);
        await _control!.WriteAsync(bytes);
    }

    public async Task SendRawAsync(byte[] bytes) => await _control!.WriteAsync(bytes);

    /// <summary>Closes the server's end of the control connection (a TCP FIN).</summary>
    public void CloseControl() => _control!.Dispose();

    /// <summary>Start-Control-Connection-Request in, a successful reply out (RFC 2637 §2.1, §2.2).</summary>
    public async Task<StartControlConnectionRequest> AcceptControlAsync(StartControlConnectionResult result = StartControlConnectionResult.Successful)
    {
        await AcceptAsync();
        var request = await ExpectAsync<StartControlConnectionRequest>();
        await SendAsync(new StartControlConnectionReply(0x0100, result, PptpErrorCode.None, FramingCapabilities.Asynchronous,
            BearerCapabilities.Analog, 16, 1, "scripted", "Scripted PAC"));
        return request;
    }

    /// <summary>Outgoing-Call-Request in, a reply with <paramref name="result"/> out (RFC 2637 §2.7, §2.8).</summary>
    public async Task<OutgoingCallRequest> AcceptCallAsync(OutgoingCallResult result = OutgoingCallResult.Connected, ushort window = 64)
    {
        var request = await ExpectCallRequestAsync();
        await ReplyToCallAsync(result, window);
        return request;
    }

    /// <summary>Outgoing-Call-Request in; its call ID is where GRE goes from now on.</summary>
    public async Task<OutgoingCallRequest> ExpectCallRequestAsync()
    {
        var request = await ExpectAsync<OutgoingCallRequest>();
        CallRequest = request;
        ClientCallId = request.CallId;
        return request;
    }

    /// <summary>Outgoing-Call-Reply to the last request.</summary>
    public Task ReplyToCallAsync(OutgoingCallResult result = OutgoingCallResult.Connected, ushort window = 64) =>
        SendAsync(new OutgoingCallReply(result == OutgoingCallResult.Connected ? ServerCallId : (ushort)0, ClientCallId, result,
            PptpErrorCode.None, 0, 100_000_000, window, 0, 0));

    // ---- GRE and PPP ----

    /// <summary>The next GRE packet the client sent, decoded; lone acks are returned too.</summary>
    public async Task<(bool HasSequence, uint Sequence, bool HasAck, uint Ack, ushort CallId, byte[] Payload)> NextGreAsync()
    {
        var packet = await _gre.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.True(GreHeader.TryDecode(packet, out var gre, out var error), error.ToString());
        if (gre.HasSequence) LastClientSequence = gre.Sequence;
        else LoneAcks.Add(gre.Ack);
        return (gre.HasSequence, gre.Sequence, gre.HasAck, gre.Ack, gre.CallId, gre.Payload.ToArray());
    }

    /// <summary>The next PPP frame the client sent (lone acks are noted and skipped).</summary>
    public async Task<SentFrame> NextFrameAsync()
    {
        if (_pending.Count > 0)
        {
            var first = _pending[0];
            _pending.RemoveAt(0);
            return first;
        }

        while (true)
        {
            var gre = await NextGreAsync();
            Assert.Equal(ServerCallId, gre.CallId);
            if (!gre.HasSequence) continue;
            Assert.True(PppFrame.TryDecode(gre.Payload, out var protocol, out var information, out var error), error.ToString());
            return new SentFrame(gre.Sequence, protocol, information.ToArray());
        }
    }

    /// <summary>The next control packet of <paramref name="protocol"/> with <paramref name="code"/>; frames of other kinds are kept for later expectations.</summary>
    public async Task<ControlPacket> ExpectAsync(ushort protocol, ControlCode code)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            if (Matches(_pending[i], protocol, code, out var found))
            {
                _pending.RemoveAt(i);
                return found;
            }
        }

        while (true)
        {
            var gre = await NextGreAsync();
            if (!gre.HasSequence) continue;
            Assert.True(PppFrame.TryDecode(gre.Payload, out var frameProtocol, out var information, out _));
            var frame = new SentFrame(gre.Sequence, frameProtocol, information.ToArray());
            if (Matches(frame, protocol, code, out var found)) return found;
            _pending.Add(frame);
        }
    }

    /// <summary>The client's next CHAP packet.</summary>
    public async Task<ChapPacket> ExpectChapAsync()
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            if (_pending[i].Protocol != PppProtocol.Chap) continue;
            var pending = _pending[i];
            _pending.RemoveAt(i);
            return DecodeChap(pending.Information);
        }

        while (true)
        {
            var frame = await NextFrameAsync();
            if (frame.Protocol == PppProtocol.Chap) return DecodeChap(frame.Information);
            _pending.Add(frame);
        }
    }

    /// <summary>Whether anything the client sent is still unread.</summary>
    public bool HasUnread => _pending.Count > 0 || _gre.Reader.Count > 0;

    /// <summary>Sends a PPP frame (address/control, two-octet protocol) in GRE with the next sequence number; false when no call took it.</summary>
    public bool SendFrame(ushort protocol, ReadOnlySpan<byte> information, bool ack = true)
    {
        var packet = new byte[GreHeader.MaximumSize + 4 + information.Length];
        var header = GreHeader.Write(packet, ClientCallId, (ushort)(4 + information.Length), hasSequence: true, NextSequence++, ack, LastClientSequence);
        PppFrame.WriteHeader(packet.AsSpan(header), protocol, addressControl: true, compressProtocol: false);
        information.CopyTo(packet.AsSpan(header + 4));
        return Gre.Deliver(Address32, packet.AsSpan(0, header + 4 + information.Length));
    }

    public bool SendControl(ushort protocol, ControlCode code, byte identifier, params PppOption[] options) =>
        SendFrame(protocol, new ControlPacket(code, identifier, PppOptionList.ToArray(options)).ToArray());

    public bool SendControl(ushort protocol, ControlPacket packet) => SendFrame(protocol, packet.ToArray());

    /// <summary>Acknowledges a Configure-Request exactly (RFC 1661 §5.2).</summary>
    public bool Ack(ushort protocol, ControlPacket request) => SendControl(protocol, new ControlPacket(ControlCode.ConfigureAck, request.Identifier, request.Data));

    public bool SendChap(ChapPacket packet) => SendFrame(PppProtocol.Chap, packet.ToArray());

    // ---- the phases of a setup ----

    /// <summary>LCP: the client's request is acknowledged, ours (MRU 1400, MS-CHAPv2, Magic-Number) is sent and acknowledged.</summary>
    public async Task<ControlPacket> OpenLcpAsync(params PppOption[] serverOptions)
    {
        var request = await ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureRequest);
        Assert.True(PppOptionList.TryDecode(request.Data.Span, out var options, out _));
        foreach (var option in options)
        {
            if (LcpOptions.TryReadMagicNumber(option, out var magic)) ClientMagic = magic;
        }

        var ours = serverOptions.Length > 0 ? serverOptions : [LcpOptions.Mru(1400), LcpOptions.MsChapV2, LcpOptions.MagicNumber(ServerMagic)];
        SendControl(PppProtocol.Lcp, ControlCode.ConfigureRequest, 1, ours);
        Ack(PppProtocol.Lcp, request);
        var ack = await ExpectAsync(PppProtocol.Lcp, ControlCode.ConfigureAck);
        Assert.Equal(1, ack.Identifier);
        Assert.Equal(PppOptionList.ToArray(ours), ack.Data.ToArray());
        return request;
    }

    /// <summary>MS-CHAPv2: Challenge out, Response in (checked against the password), then Success — with a wrong authenticator response if asked.</summary>
    public async Task<MsChapV2ResponsePacket> AuthenticateAsync(bool validAuthenticator = true, string password = Password, byte identifier = 0x31)
    {
        var response = await ChallengeAsync(identifier);
        var hash = MsChapV2.NtPasswordHash(password);
        Assert.True(MsChapV2.VerifyNtResponse(hash, Challenge, response.PeerChallenge.Span, response.Name.Span, response.NtResponse.Span),
            "the client's NT-Response does not match the password");
        Keys = MppeMasterKeys.FromMsChapV2(hash, response.NtResponse.Span, isServer: true);
        var authenticator = MsChapV2.GenerateAuthenticatorResponse(hash, response.NtResponse.Span, response.PeerChallenge.Span, Challenge, response.Name.Span);
        var bytes = Convert.FromHexString(authenticator.AsSpan(2));
        if (!validAuthenticator) bytes[7] ^= 0x01;
        SendChap(new ChapSuccessPacket(response.Identifier, new MsChapV2SuccessMessage(bytes, "Welcome").ToBytes()));
        return response;
    }

    /// <summary>Sends a Challenge and returns the client's Response.</summary>
    public async Task<MsChapV2ResponsePacket> ChallengeAsync(byte identifier = 0x31, byte[]? challenge = null)
    {
        SendChap(new MsChapV2ChallengePacket(identifier, challenge ?? Challenge, Encoding.ASCII.GetBytes("scripted")));
        var response = Assert.IsType<MsChapV2ResponsePacket>(await ExpectChapAsync());
        Assert.Equal(identifier, response.Identifier);
        Assert.Equal(UserName, Encoding.UTF8.GetString(response.Name.Span));
        return response;
    }

    /// <summary>CCP: our request (MPPE 128-bit stateless) is sent; the client's request is checked and acknowledged; its Ack of ours arrives.</summary>
    public async Task OpenCcpAsync(MppeBits bits = MppeBits.Key128 | MppeBits.Stateless)
    {
        SendControl(PppProtocol.Ccp, ControlCode.ConfigureRequest, 1, CcpOptions.Mppe(bits));
        var request = await ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureRequest);
        Assert.Equal(PppOptionList.ToArray([CcpOptions.Mppe(bits)]), request.Data.ToArray());
        Ack(PppProtocol.Ccp, request);
        var ack = await ExpectAsync(PppProtocol.Ccp, ControlCode.ConfigureAck);
        Assert.Equal(1, ack.Identifier);
    }

    /// <summary>IPCP: the client asks for 0.0.0.0 and DNS 0.0.0.0; our Nak assigns them; its second request is acknowledged; ours is acknowledged.</summary>
    public async Task OpenIpcpAsync()
    {
        var first = await ExpectAsync(PppProtocol.Ipcp, ControlCode.ConfigureRequest);
        Assert.Equal(
            PppOptionList.ToArray([
                IpcpOptions.Address(IpcpOptionType.IpAddress, IPAddress.Any),
                IpcpOptions.Address(IpcpOptionType.PrimaryDns, IPAddress.Any),
                IpcpOptions.Address(IpcpOptionType.SecondaryDns, IPAddress.Any)]),
            first.Data.ToArray());
        var assigned = new[]
        {
            IpcpOptions.Address(IpcpOptionType.IpAddress, ClientAddress),
            IpcpOptions.Address(IpcpOptionType.PrimaryDns, Dns1),
            IpcpOptions.Address(IpcpOptionType.SecondaryDns, Dns2),
        };
        SendControl(PppProtocol.Ipcp, ControlCode.ConfigureNak, first.Identifier, assigned);
        var second = await ExpectAsync(PppProtocol.Ipcp, ControlCode.ConfigureRequest);
        Assert.Equal(PppOptionList.ToArray(assigned), second.Data.ToArray());
        Ack(PppProtocol.Ipcp, second);
        SendControl(PppProtocol.Ipcp, ControlCode.ConfigureRequest, 1, IpcpOptions.Address(IpcpOptionType.IpAddress, TunnelAddress));
        var ack = await ExpectAsync(PppProtocol.Ipcp, ControlCode.ConfigureAck);
        Assert.Equal(1, ack.Identifier);
    }

    /// <summary>The whole setup, phase after phase, as a well-behaved server.</summary>
    public async Task<PptpCall> ConnectAsync(PptpClient client)
    {
        var connecting = client.ConnectAsync();
        await AcceptControlAsync();
        await AcceptCallAsync();
        await OpenLcpAsync();
        await AuthenticateAsync();
        await OpenCcpAsync();
        await OpenIpcpAsync();
        var call = await connecting.WaitAsync(Patience);
        Assert.True(call.Result.IsConnected, call.Result.ToString());
        return call;
    }

    // ---- data ----

    /// <summary>Encrypts an IP packet as the server would and sends it (PPP 0x00FD, inner protocol 0x0021).</summary>
    public bool SendIp(MppeEncryptor encryptor, ReadOnlySpan<byte> ipPacket)
    {
        var information = new byte[MppeHeader.Length + 2 + ipPacket.Length];
        information[MppeHeader.Length + 1] = 0x21;
        ipPacket.CopyTo(information.AsSpan(MppeHeader.Length + 2));
        Assert.Equal(MppeError.None, encryptor.Encrypt(information));
        return SendFrame(MppeHeader.PppProtocol, information);
    }

    /// <summary>The next encrypted frame from the client, decrypted: the IP packet inside.</summary>
    public async Task<byte[]> ReceiveIpAsync(MppeDecryptor decryptor)
    {
        var frame = await NextFrameAsync();
        Assert.Equal(MppeHeader.PppProtocol, frame.Protocol);
        Assert.Equal(MppeError.None, decryptor.Decrypt(frame.Information));
        Assert.Equal(PppProtocol.Ip, BinaryPrimitives.ReadUInt16BigEndian(frame.Information.AsSpan(MppeHeader.Length)));
        return frame.Information[(MppeHeader.Length + 2)..];
    }

    public async ValueTask DisposeAsync()
    {
        _control?.Dispose();
        while (_connections.Reader.TryRead(out var stream)) await stream.DisposeAsync();
    }

    private static bool Matches(SentFrame frame, ushort protocol, ControlCode code, out ControlPacket packet)
    {
        packet = null!;
        return frame.Protocol == protocol && ControlPacket.TryDecode(frame.Information, out packet, out _) && packet.Code == code;
    }

    private static ChapPacket DecodeChap(byte[] information)
    {
        Assert.True(ChapPacket.TryDecode(information, out var packet, out var error), error.ToString());
        return packet;
    }

    private static async Task ReadControlAsync(Stream stream, ChannelWriter<PptpMessage> messages)
    {
        var buffer = new byte[4096];
        var count = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(count));
                if (read == 0) return;
                count += read;
                while (PptpFramer.TryFrame(buffer.AsSpan(0, count), out var length, out _) == PptpFrameStatus.Complete)
                {
                    if (PptpCodec.TryDecode(buffer.AsSpan(0, length), out var message, out _)) messages.TryWrite(message);
                    buffer.AsSpan(length, count - length).CopyTo(buffer);
                    count -= length;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The test closed its end.
        }
        finally
        {
            messages.TryComplete();
        }
    }
}
