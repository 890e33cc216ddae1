using System.CommandLine;

namespace Concentrator.Node.Cli;

/// <summary>The `concentrator` command line.</summary>
public static class CliApp
{
    public static RootCommand Build() => Build(ConsoleInput.Instance);

    /// <summary>With passwords read from <paramref name="input"/> (tests type them there).</summary>
    public static RootCommand Build(ITerminalInput input)
    {
        var root = new RootCommand("Concentrator: a clustered PPTP VPN concentrator (RFC 2637 PAC). PPTP is insecure: use it only for clients that cannot do better.");
        root.Options.Add(CliContext.ConfigOption);
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(UserCommands.Build(input));
        root.Subcommands.Add(SessionCommands.Sessions());
        root.Subcommands.Add(SessionCommands.Kick());
        root.Subcommands.Add(ClusterCommands.Bans());
        root.Subcommands.Add(ClusterCommands.Pool());
        root.Subcommands.Add(ClusterCommands.Nodes());
        root.Subcommands.Add(ClusterCommands.Drain());
        root.Subcommands.Add(ClusterCommands.Leave());
        root.Subcommands.Add(ClusterCommands.Pptp());
        root.Subcommands.Add(Doctor.DoctorCommand.Build());
        root.Subcommands.Add(ConfigCommand.Build());
        return root;
    }
}
