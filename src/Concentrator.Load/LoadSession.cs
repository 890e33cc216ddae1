using Concentrator.Client;

namespace Concentrator.Load;

/// <summary>One session of the run: its call once connected, its tunnel address, and its first packet's answer.</summary>
public sealed class LoadSession(int index)
{
    private readonly TaskCompletionSource _firstReply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Index { get; } = index;

    public PptpCall? Call { get; set; }

    /// <summary>When setup started (Stopwatch).</summary>
    public long StartedAt { get; set; }

    /// <summary>The tunnel address (host order) once connected.</summary>
    public uint Address { get; set; }

    /// <summary>Completes when the LAN host's echo reply to the first packet came back through the tunnel.</summary>
    public Task FirstReply => _firstReply.Task;

    public void OnFirstReply() => _firstReply.TrySetResult();
}
