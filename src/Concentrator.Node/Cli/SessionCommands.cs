using System.CommandLine;
using System.Text.Json;
using Concentrator.Node.Operator;
using Spectre.Console;

namespace Concentrator.Node.Cli;

/// <summary>
/// concentrator sessions [--node N] [--user U] [--sort …] [--json] | sessions show ID, and
/// concentrator kick ID | --user U | --ip A [--reason TEXT]: every session of the cluster, from any node.
/// </summary>
public static class SessionCommands
{
    public static Command Sessions()
    {
        var node = new Option<string?>("--node") { Description = "Only the sessions of this node" };
        var user = new Option<string?>("--user") { Description = "Only the sessions of this user" };
        var sort = new Option<string>("--sort")
        {
            Description = "Order by since (default), user, node, client, bytes",
            DefaultValueFactory = _ => "since",
        };
        sort.AcceptOnlyFromAmong("since", "user", "node", "client", "bytes");
        var command = new Command("sessions", "List every session of the cluster (user, addresses, node, interface, up since, traffic, MPPE)")
        {
            node, user, sort, CliContext.JsonOption,
        };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var result = await api.SessionsAsync().ConfigureAwait(false);
            IEnumerable<SessionView> sessions = result.Sessions;
            if (parse.GetValue(node) is { } n) sessions = sessions.Where(s => string.Equals(s.Node, n, StringComparison.OrdinalIgnoreCase));
            if (parse.GetValue(user) is { } u) sessions = sessions.Where(s => string.Equals(s.User, u, StringComparison.OrdinalIgnoreCase));
            sessions = parse.GetValue(sort) switch
            {
                "user" => sessions.OrderBy(s => s.User, StringComparer.OrdinalIgnoreCase),
                "node" => sessions.OrderBy(s => s.Node, StringComparer.Ordinal).ThenBy(s => s.Since),
                "client" => sessions.OrderBy(s => s.ClientAddress, StringComparer.Ordinal),
                "bytes" => sessions.OrderByDescending(s => s.BytesIn + s.BytesOut),
                _ => sessions.OrderBy(s => s.Since),
            };
            var list = sessions.ToList();
            if (parse.GetValue(CliContext.JsonOption))
            {
                Console.WriteLine(JsonSerializer.Serialize(new SessionsResult(list, result.SilentNodes), Json.Options));
                return 0;
            }
            var table = new Table().AddColumns("ID", "USER", "CLIENT", "TUNNEL", "NODE", "IF", "UP SINCE", "IN", "OUT", "MPPE");
            foreach (var s in list)
                table.AddRow(s.Id, Markup.Escape(s.User), s.ClientAddress, s.TunnelAddress, Markup.Escape(s.Node), s.Interface,
                    $"{s.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", Size(s.BytesIn), Size(s.BytesOut), s.Encryption);
            Tables.Write(table, $"{list.Count} session(s)");
            foreach (var silent in result.SilentNodes)
                Console.Error.WriteLine($"concentrator: node {silent} did not answer in time: its sessions are missing from the list");
            return 0;
        }));

        var id = new Argument<string>("id") { Description = "The session ID (see concentrator sessions)" };
        var show = new Command("show", "Everything about one session") { id, CliContext.JsonOption };
        show.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var session = (await api.SessionsAsync().ConfigureAwait(false)).Sessions.FirstOrDefault(s => s.Id == parse.GetValue(id));
            if (session is null)
            {
                Console.Error.WriteLine($"concentrator: no session '{parse.GetValue(id)}' (concentrator sessions lists them)");
                return 1;
            }
            if (parse.GetValue(CliContext.JsonOption))
            {
                Console.WriteLine(JsonSerializer.Serialize(session, Json.Options));
                return 0;
            }
            var grid = new Table().AddColumns("", "").HideHeaders();
            foreach (var (key, value) in new[]
                     {
                         ("session", session.Id), ("user", session.User), ("client address", session.ClientAddress),
                         ("tunnel address", session.TunnelAddress), ("node", session.Node), ("interface", session.Interface),
                         ("call ID", session.CallId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                         ("up since", $"{session.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({Age(session.Since)})"),
                         ("received", $"{Size(session.BytesIn)} in {session.PacketsIn} packets"),
                         ("sent", $"{Size(session.BytesOut)} in {session.PacketsOut} packets"), ("encryption", session.Encryption),
                     })
                grid.AddRow(key, Markup.Escape(value));
            Tables.Write(grid);
            return 0;
        }));
        command.Subcommands.Add(show);
        return command;
    }

    public static Command Kick()
    {
        var id = new Argument<string?>("id") { Description = "The session ID", Arity = ArgumentArity.ZeroOrOne };
        var user = new Option<string?>("--user") { Description = "Every session of this user" };
        var ip = new Option<string?>("--ip") { Description = "The session with this tunnel or client address" };
        var reason = new Option<string?>("--reason") { Description = "Why (the client sees it in the Call-Disconnect-Notify)" };
        var command = new Command("kick", "End sessions wherever they live (LCP Terminate-Request, Call-Disconnect-Notify)") { id, user, ip, reason };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var kick = new KickRequest(parse.GetValue(id), parse.GetValue(user), parse.GetValue(ip), parse.GetValue(reason));
            if (kick.Id is null && kick.User is null && kick.Address is null)
            {
                Console.Error.WriteLine("concentrator: say which sessions: a session ID, --user NAME or --ip ADDRESS");
                return 1;
            }
            var count = await api.KickAsync(kick).ConfigureAwait(false);
            Console.WriteLine(count == 0 ? "no session matched" : $"{count} session(s) ended");
            return count == 0 ? 1 : 0;
        }));
        return command;
    }

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / 1048576.0:0.0} MiB",
        _ => $"{bytes / 1073741824.0:0.00} GiB",
    };

    private static string Age(DateTimeOffset since)
    {
        var age = DateTimeOffset.UtcNow - since;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h {age.Minutes} min" : $"{(int)age.TotalMinutes} min {age.Seconds} s";
    }
}
