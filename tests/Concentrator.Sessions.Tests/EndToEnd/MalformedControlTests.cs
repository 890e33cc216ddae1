using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Diagnostics;
using Concentrator.Sessions.Tests.Control;
using Concentrator.Sessions.Tests.Support;

namespace Concentrator.Sessions.Tests.EndToEnd;

/// <summary>Bad bytes on TCP 1723: answered with the right result code, tolerated, or the connection closed — never an unhandled exception.</summary>
public sealed class MalformedControlTests : EndToEndTest
{
    [Fact]
    public async Task Bytes_that_are_not_pptp_close_the_connection()
    {
        var node = new InMemoryConcentrator(Sys);
        var stream = await node.ConnectRawAsync();
        await stream.WriteAsync("SSH-2.0-OpenSSH_9.2\r\n"u8.ToArray());
        Assert.Equal(0, await ReadToEndAsync(stream));
        Assert.Contains("is not PPTP", (await DiagnosticAsync(DiagnosticKind.ProtocolViolation)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_protocol_version_is_answered_with_result_5_and_closed()
    {
        var node = new InMemoryConcentrator(Sys);
        var stream = await node.ConnectRawAsync();
        await stream.WriteAsync(RecordingControlLink.Encode(ControlConnectionTests.Sccrq(0x0200)));
        var reply = Assert.IsType<StartControlConnectionReply>(await ReadMessageAsync(stream));
        Assert.Equal(StartControlConnectionResult.ProtocolVersionNotSupported, reply.ResultCode);
        Assert.Equal(0, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task Malformed_messages_are_tolerated_up_to_a_limit_then_the_connection_is_closed()
    {
        var node = new InMemoryConcentrator(Sys);
        var stream = await node.ConnectRawAsync();
        await stream.WriteAsync(RecordingControlLink.Encode(ControlConnectionTests.Sccrq()));
        Assert.IsType<StartControlConnectionReply>(await ReadMessageAsync(stream));

        // An Echo-Request claiming 20 bytes (it has 16): well framed, wrong for its type.
        var bad = RecordingControlLink.Encode(new EchoRequest(1)).Concat(new byte[4]).ToArray();
        bad[1] = 20;
        await stream.WriteAsync(bad);
        await stream.WriteAsync(RecordingControlLink.Encode(new EchoRequest(7)));
        Assert.Equal(7u, Assert.IsType<EchoReply>(await ReadMessageAsync(stream)).Identifier); // still served
        Assert.Contains("1 of 3", (await DiagnosticAsync(DiagnosticKind.ProtocolViolation)).Message, StringComparison.Ordinal);
        Assert.Equal(1, node.Metrics.ControlMalformed.Value);

        for (var i = 0; i < 3; i++) await stream.WriteAsync(bad);
        Assert.Equal(0, await ReadToEndAsync(stream));
        Assert.Equal(4, node.Metrics.ControlMalformed.Value);
        await AwaitAssertAsync(() => Assert.Equal(2, Diagnostics(DiagnosticKind.ProtocolViolation).Count), Wait); // the first, and the close
    }

    [Fact]
    public async Task A_wan_error_notify_from_the_client_is_taken_and_the_connection_goes_on()
    {
        var node = new InMemoryConcentrator(Sys);
        var stream = await node.ConnectRawAsync();
        await stream.WriteAsync(RecordingControlLink.Encode(ControlConnectionTests.Sccrq()));
        Assert.IsType<StartControlConnectionReply>(await ReadMessageAsync(stream));
        for (var i = 0; i < 5; i++) await stream.WriteAsync(RecordingControlLink.Encode(new WanErrorNotify(1, 0, 1, 0, 0, 2, 0)));
        await stream.WriteAsync(RecordingControlLink.Encode(new EchoRequest(9)));
        Assert.Equal(9u, Assert.IsType<EchoReply>(await ReadMessageAsync(stream)).Identifier);
        Assert.Equal(0, node.Metrics.ControlMalformed.Value);
        Assert.Empty(Diagnostics(DiagnosticKind.ProtocolViolation));
    }

    private static async Task<PptpMessage> ReadMessageAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[512];
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var status = PptpFramer.TryFrame(buffer.ToArray(), out var length, out _);
            if (status == PptpFrameStatus.Complete)
            {
                Assert.True(PptpCodec.TryDecode(buffer.Take(length).ToArray(), out var message, out var error), error.ToString());
                return message!;
            }
            var n = await stream.ReadAsync(chunk, timeout.Token);
            Assert.NotEqual(0, n);
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Reads until the server closes; returns the number of bytes read after the last message (0 for a clean close).</summary>
    private static async Task<int> ReadToEndAsync(Stream stream)
    {
        var chunk = new byte[512];
        var total = 0;
        using var timeout = new CancellationTokenSource(Wait);
        int n;
        while ((n = await stream.ReadAsync(chunk, timeout.Token)) > 0) total += n;
        return total;
    }
}
