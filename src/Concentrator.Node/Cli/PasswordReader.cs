using System.Text;

namespace Concentrator.Node.Cli;

/// <summary>
/// Reads a password from standard input (--password-stdin, one line) or from the terminal without
/// echo, asked twice. Passwords never come from the command line, where ps and shell history see them.
/// </summary>
public static class PasswordReader
{
    public static string? Read(bool fromStdin, ITerminalInput input, TextWriter error)
    {
        if (fromStdin)
        {
            var line = input.Stdin.ReadLine();
            if (string.IsNullOrEmpty(line)) error.WriteLine("no password on standard input");
            return string.IsNullOrEmpty(line) ? null : line;
        }
        if (input.IsRedirected)
        {
            error.WriteLine("standard input is not a terminal: pass --password-stdin to read the password from it");
            return null;
        }
        var first = Prompt("Password: ", input, error);
        var second = Prompt("Again: ", input, error);
        if (first != second)
        {
            error.WriteLine("the two passwords differ; nothing was changed");
            return null;
        }
        if (first.Length == 0) error.WriteLine("an empty password is not allowed");
        return first.Length == 0 ? null : first;
    }

    private static string Prompt(string text, ITerminalInput input, TextWriter error)
    {
        error.Write(text);
        var password = new StringBuilder();
        while (true)
        {
            var key = input.ReadKey();
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }
        error.WriteLine();
        return password.ToString();
    }
}
