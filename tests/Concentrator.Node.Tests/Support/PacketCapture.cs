using System.Diagnostics;

namespace Concentrator.Node.Tests.Support;

/// <summary>A tshark capture on an interface inside a namespace, then Wireshark's own dissection of it (tshark -V).</summary>
internal sealed class PacketCapture : IDisposable
{
    private readonly Process _tshark;
    private readonly string _file;

    private PacketCapture(Process tshark, string file)
    {
        _tshark = tshark;
        _file = file;
    }

    public static async Task<PacketCapture> StartAsync(string netns, string @interface)
    {
        var file = Path.Combine(Path.GetTempPath(), $"concentrator-{Guid.NewGuid():N}.pcapng");
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "netns", "exec", netns, "tshark", "-q", "-i", @interface, "-f", "tcp port 1723 or ip proto 47", "-w", file })
            info.ArgumentList.Add(arg);
        var tshark = Process.Start(info)!;
        // tshark says "Capturing on ..." once it is ready.
        var ready = tshark.StandardError.ReadLineAsync();
        await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(10)));
        return new PacketCapture(tshark, file);
    }

    /// <summary>Stops the capture and returns tshark -V of it.</summary>
    public async Task<string> DissectAsync()
    {
        Stop();
        var result = await Shell.RunAsync(TimeSpan.FromSeconds(60), "tshark", "-r", _file, "-V", "-o", "tcp.desegment_tcp_streams:TRUE");
        return result.Output;
    }

    public void Dispose()
    {
        Stop();
        File.Delete(_file);
        _tshark.Dispose();
    }

    private void Stop()
    {
        if (_tshark.HasExited) return;
        using (var stop = Process.Start("kill", ["-INT", _tshark.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) stop.WaitForExit();
        if (!_tshark.WaitForExit(10_000)) _tshark.Kill(entireProcessTree: true);
    }
}
