namespace Concentrator.Node.Cli;

/// <summary>Where the CLI reads passwords from: standard input, or keys typed at the terminal.</summary>
public interface ITerminalInput
{
    TextReader Stdin { get; }

    /// <summary>True when standard input is a pipe or a file, not a terminal to prompt at.</summary>
    bool IsRedirected { get; }

    /// <summary>The next key typed, not echoed.</summary>
    ConsoleKeyInfo ReadKey();
}

/// <summary>The process's own console.</summary>
public sealed class ConsoleInput : ITerminalInput
{
    public static readonly ConsoleInput Instance = new();

    private ConsoleInput()
    {
    }

    public TextReader Stdin => Console.In;

    public bool IsRedirected => Console.IsInputRedirected;

    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);
}
