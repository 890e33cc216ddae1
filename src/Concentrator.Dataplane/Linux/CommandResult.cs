namespace Concentrator.Dataplane.Linux;

/// <summary>The outcome of a command the lab helpers ran (<see cref="IpCommand"/>, <see cref="NetworkNamespace.Exec"/>).</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws <see cref="InvalidOperationException"/> quoting the command and its stderr.</summary>
    public CommandResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException($"`{CommandLine}` exited with {ExitCode}: {StandardError.Trim()}");
}
