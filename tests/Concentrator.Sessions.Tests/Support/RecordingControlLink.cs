using System.Collections.Concurrent;
using System.Net;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions.Transport;

namespace Concentrator.Sessions.Tests.Support;

/// <summary>A control link that decodes and records what the actor sends.</summary>
public sealed class RecordingControlLink : IControlLink, IDisposable
{
    private readonly List<byte> _stream = new();
    public readonly BlockingCollection<PptpMessage> Sent = new();
    public volatile bool Closed;

    public IPEndPoint Remote { get; init; } = new(IPAddress.Parse("203.0.113.7"), 50000);
    public IPEndPoint Local { get; init; } = new(IPAddress.Parse("198.51.100.1"), 1723);

    public void Send(ReadOnlySpan<byte> bytes)
    {
        lock (_stream)
        {
            _stream.AddRange(bytes.ToArray());
            while (true)
            {
                var buffer = _stream.ToArray();
                if (PptpFramer.TryFrame(buffer, out var length, out _) != PptpFrameStatus.Complete) break;
                Assert.True(PptpCodec.TryDecode(buffer.AsSpan(0, length), out var message, out var error), error.ToString());
                Sent.Add(message!);
                _stream.RemoveRange(0, length);
            }
        }
    }

    public void Close() => Closed = true;

    public void Dispose() => Sent.Dispose();

    public T Next<T>() where T : PptpMessage
    {
        Assert.True(Sent.TryTake(out var message, TimeSpan.FromSeconds(3)), $"no {typeof(T).Name} was sent");
        return Assert.IsType<T>(message);
    }

    public static byte[] Encode(PptpMessage message)
    {
        var bytes = new byte[message.Length];
        message.WriteTo(bytes);
        return bytes;
    }
}
