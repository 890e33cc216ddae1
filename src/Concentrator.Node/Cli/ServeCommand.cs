using System.CommandLine;
using Concentrator.Node.Configuration;
using Concentrator.Node.Hosting;

namespace Concentrator.Node.Cli;

/// <summary>concentrator serve [--config FILE] [--demo-user NAME:PASSWORD]: runs the node until SIGTERM or Ctrl-C.</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var demo = new Option<string?>("--demo-user")
        {
            Description = "Create this user (NAME:PASSWORD) at start if it does not exist: for trying the node out, never for production",
        };
        var command = new Command("serve", "Run the concentrator node") { demo };
        command.SetAction((parse, cancellation) => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            return await NodeHost.RunAsync(config, parse.GetValue(demo), cancellation).ConfigureAwait(false);
        }));
        return command;
    }
}
