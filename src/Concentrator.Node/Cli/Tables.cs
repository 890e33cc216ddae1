using System.Text.Json;
using Spectre.Console;

namespace Concentrator.Node.Cli;

/// <summary>How the CLI prints tables: wide enough for a pipe or a log, plain when not a terminal.</summary>
public static class Tables
{
    public static void Write(Table table, string? caption = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected) console.Profile.Width = 240;
        table.Border(TableBorder.Simple);
        if (caption is not null) table.Caption(caption);
        console.Write(table);
    }
}

/// <summary>The JSON the CLI prints for scripts.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
