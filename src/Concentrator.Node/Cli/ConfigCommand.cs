using System.CommandLine;
using Concentrator.Node.Configuration;

namespace Concentrator.Node.Cli;

/// <summary>concentrator config check FILE: validates a configuration without starting anything.</summary>
public static class ConfigCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "The configuration file (JSON; comments allowed)" };
        var check = new Command("check", "Validate a configuration: every problem with its key and the fix; exit 1 if any") { file };
        check.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var config = ConfigLoader.LoadValid(path);
                Console.WriteLine($"{path}: valid — node {config.Node.Id}, PPTP on {config.Listen.Address}:{config.Listen.Port}, " +
                                  $"{config.Pools.Count} pool(s), database {config.Database.Provider}, " +
                                  (config.Cluster.SeedNodes.Count == 0 ? "a cluster of one" : $"joining {string.Join(", ", config.Cluster.SeedNodes)}"));
                return 0;
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine($"{path}: not valid");
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        var command = new Command("config", "Configuration files");
        command.Subcommands.Add(check);
        return command;
    }
}
