using Concentrator.Node.Cli;

namespace Concentrator.Node.Tests.Cli;

/// <summary>What a `concentrator` command run in this process printed, and its exit code.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
}

/// <summary>
/// Runs `concentrator …` in this process, through the same root command as the executable, with the
/// console's output captured (test collections run one at a time, so swapping the console is safe).
/// </summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(ITerminalInput input, params string[] arguments)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await CliApp.Build(input).Parse(arguments).InvokeAsync();
            return new CliResult(exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}

/// <summary>Standard input for a test: piped text, or keys typed at a terminal (each line then Enter).</summary>
internal sealed class ScriptedInput : ITerminalInput
{
    private readonly Queue<ConsoleKeyInfo> _keys;

    private ScriptedInput(string stdin, bool redirected, IEnumerable<ConsoleKeyInfo> keys)
    {
        Stdin = new StringReader(stdin);
        IsRedirected = redirected;
        _keys = new Queue<ConsoleKeyInfo>(keys);
    }

    /// <summary>`echo TEXT | concentrator …`.</summary>
    public static ScriptedInput Piped(string text) => new(text, true, []);

    /// <summary>A terminal at which the operator types these lines ('\b' is Backspace).</summary>
    public static ScriptedInput Typed(params string[] lines) => new("", false, lines.SelectMany(line =>
        line.Select(c => new ConsoleKeyInfo(c, c == '\b' ? ConsoleKey.Backspace : ConsoleKey.NoName, false, false, false))
            .Append(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false))));

    public TextReader Stdin { get; }

    public bool IsRedirected { get; }

    public ConsoleKeyInfo ReadKey() =>
        _keys.TryDequeue(out var key) ? key : throw new InvalidOperationException("the command read more keys than the test typed");
}
