using System.ComponentModel;
using System.Diagnostics;

namespace Concentrator.Dataplane.Linux;

/// <summary>Runs a program without a shell, collects its output, and kills it if it outlives its timeout.</summary>
internal static class ProcessRunner
{
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    internal static CommandResult Run(string program, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var commandLine = string.Join(' ', [program, .. arguments]);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"could not start `{commandLine}`: {e.Message}" + (program == "ip" ? " (install iproute2)" : ""), e);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"`{commandLine}` did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s and was killed");
        }
        process.WaitForExit();
        return new CommandResult(commandLine, process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
