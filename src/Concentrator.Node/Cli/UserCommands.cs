using System.CommandLine;
using Concentrator.Protocol.Auth;
using Spectre.Console;

namespace Concentrator.Node.Cli;

/// <summary>
/// concentrator users add|list|passwd|disable|enable|remove|set — against the running node (and so the
/// whole cluster), or straight against the database when no node runs. Passwords are read from a prompt
/// without echo or from stdin, and only their NT hash leaves this process (RFC 2759 §8.3).
/// </summary>
public static class UserCommands
{
    public static Command Build(ITerminalInput input)
    {
        var users = new Command("users", "Manage VPN users (cluster-wide when a node runs)");
        users.Subcommands.Add(Add(input));
        users.Subcommands.Add(List());
        users.Subcommands.Add(Passwd(input));
        users.Subcommands.Add(Toggle("disable", "Refuse the user's logins (E=647) without deleting it", true));
        users.Subcommands.Add(Toggle("enable", "Allow a disabled user to log in again", false));
        users.Subcommands.Add(Remove());
        users.Subcommands.Add(Set());
        return users;
    }

    private static readonly Argument<string> NameArgument = new("name") { Description = "The login name" };
    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "Read the password from standard input (one line)" };
    private static readonly Option<string?> StaticOption = new("--static") { Description = "Reserve this tunnel address for the user" };

    private static Command Add(ITerminalInput input)
    {
        var noVpn = new Option<bool>("--no-vpn") { Description = "Create the user without 'allow remote access via VPN' (its logins get E=649)" };
        var command = new Command("add", "Add a user") { NameArgument, PasswordStdin, noVpn, StaticOption };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var name = parse.GetValue(NameArgument)!;
            var password = PasswordReader.Read(parse.GetValue(PasswordStdin), input, Console.Error);
            if (password is null) return 1;
            var error = await CliContext.WithUsersAsync(config, u =>
                u.AddAsync(name, MsChapV2.NtPasswordHash(password), !parse.GetValue(noVpn), parse.GetValue(StaticOption))).ConfigureAwait(false);
            return CliContext.Report(error, $"user '{name}' added");
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the users") { CliContext.JsonOption };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var users = await CliContext.WithUsersAsync(config, u => u.ListAsync()).ConfigureAwait(false);
            if (CliContext.PrintedJson(parse, users)) return 0;
            var table = new Table().AddColumns("USER", "VPN", "STATE", "STATIC ADDRESS");
            foreach (var user in users)
                table.AddRow(Markup.Escape(user.Name), user.AllowVpn ? "allowed" : "denied", user.Disabled ? "disabled" : "enabled", user.StaticAddress ?? "-");
            Tables.Write(table, $"{users.Count} user(s)");
            return 0;
        }));
        return command;
    }

    private static Command Passwd(ITerminalInput input)
    {
        var command = new Command("passwd", "Set a user's password") { NameArgument, PasswordStdin };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var name = parse.GetValue(NameArgument)!;
            var password = PasswordReader.Read(parse.GetValue(PasswordStdin), input, Console.Error);
            if (password is null) return 1;
            var error = await CliContext.WithUsersAsync(config, u => u.SetPasswordAsync(name, MsChapV2.NtPasswordHash(password))).ConfigureAwait(false);
            return CliContext.Report(error, $"password of '{name}' changed");
        }));
        return command;
    }

    private static Command Toggle(string verb, string description, bool disable)
    {
        var command = new Command(verb, description) { NameArgument };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var name = parse.GetValue(NameArgument)!;
            var error = await CliContext.WithUsersAsync(config, u => u.SetDisabledAsync(name, disable)).ConfigureAwait(false);
            return CliContext.Report(error, $"user '{name}' {verb}d");
        }));
        return command;
    }

    private static Command Remove()
    {
        var command = new Command("remove", "Delete a user") { NameArgument };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var name = parse.GetValue(NameArgument)!;
            var error = await CliContext.WithUsersAsync(config, u => u.RemoveAsync(name)).ConfigureAwait(false);
            return CliContext.Report(error, $"user '{name}' removed");
        }));
        return command;
    }

    private static Command Set()
    {
        var vpn = new Option<bool?>("--vpn") { Description = "true: allow remote access via VPN; false: refuse it (E=649)" };
        var noStatic = new Option<bool>("--no-static") { Description = "Drop the user's reserved address" };
        var command = new Command("set", "Change a user's VPN permission or reserved address") { NameArgument, vpn, StaticOption, noStatic };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            var name = parse.GetValue(NameArgument)!;
            var error = await CliContext.WithUsersAsync(config, async u =>
            {
                if (parse.GetValue(vpn) is { } allow && await u.SetAllowVpnAsync(name, allow).ConfigureAwait(false) is { } e1) return e1;
                if (parse.GetValue(noStatic)) return await u.SetStaticAddressAsync(name, null).ConfigureAwait(false);
                if (parse.GetValue(StaticOption) is { } address) return await u.SetStaticAddressAsync(name, address).ConfigureAwait(false);
                return null;
            }).ConfigureAwait(false);
            return CliContext.Report(error, $"user '{name}' changed");
        }));
        return command;
    }
}
