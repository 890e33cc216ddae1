using System.CommandLine;
using Concentrator.Node.Operator;
using Spectre.Console;

namespace Concentrator.Node.Cli;

/// <summary>concentrator bans …, pool show, nodes, drain NODE, leave, pptp on|off|status.</summary>
public static class ClusterCommands
{
    public static Command Bans()
    {
        var bans = new Command("bans", "Sources refused at TCP 1723 (brute-force guard or operator), cluster-wide");
        var list = new Command("list", "The bans in force") { CliContext.JsonOption };
        list.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var all = await api.BansAsync().ConfigureAwait(false);
            if (CliContext.PrintedJson(parse, all)) return 0;
            var table = new Table().AddColumns("SOURCE", "UNTIL", "REASON");
            foreach (var b in all.OrderBy(b => b.Until)) table.AddRow(b.Address, $"{b.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", Markup.Escape(b.Reason));
            Tables.Write(table, $"{all.Count} ban(s)");
            return 0;
        }));
        var address = new Argument<string>("address") { Description = "The client's public address" };
        var duration = new Option<TimeSpan>("--duration") { Description = "How long (default 00:45:00)", DefaultValueFactory = _ => TimeSpan.FromMinutes(45) };
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var add = new Command("add", "Ban a source on every node") { address, duration, reason };
        add.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var error = await api.BanAsync(new AddBanRequest(parse.GetValue(address)!, parse.GetValue(duration), parse.GetValue(reason))).ConfigureAwait(false);
            return CliContext.Report(error, $"{parse.GetValue(address)} banned for {parse.GetValue(duration)}");
        }));
        var remove = new Command("remove", "Lift a ban on every node") { address };
        remove.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            return CliContext.Report(await api.UnbanAsync(parse.GetValue(address)!).ConfigureAwait(false), $"ban on {parse.GetValue(address)} lifted");
        }));
        bans.Subcommands.Add(list);
        bans.Subcommands.Add(add);
        bans.Subcommands.Add(remove);
        return bans;
    }

    public static Command Pool()
    {
        var pool = new Command("pool", "The address pools");
        var show = new Command("show", "Per pool: size, leased, free, and each node's share") { CliContext.JsonOption };
        show.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var pools = await api.PoolsAsync().ConfigureAwait(false);
            if (CliContext.PrintedJson(parse, pools)) return 0;
            var table = new Table().AddColumns("POOL", "NODE", "SIZE", "LEASED", "FREE", "IN BLOCKS");
            foreach (var p in pools)
            {
                table.AddRow(Markup.Escape(p.Name), "(all)", $"{p.Size}", $"{p.Leased}", $"{p.Free}", $"{p.InBlocks}");
                foreach (var n in p.Nodes) table.AddRow("", Markup.Escape(n.Node), "", $"{n.Leased}", $"{n.Free}", $"{n.Held}");
            }
            Tables.Write(table);
            return 0;
        }));
        pool.Subcommands.Add(show);
        return pool;
    }

    public static Command Nodes()
    {
        var command = new Command("nodes", "The members of the cluster: status, roles, sessions, singletons, clock") { CliContext.JsonOption };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var nodes = await api.NodesAsync().ConfigureAwait(false);
            if (CliContext.PrintedJson(parse, nodes)) return 0;
            var table = new Table().AddColumns("NODE", "ADDRESS", "STATUS", "REACHABLE", "SESSIONS", "SINGLETONS", "CLOCK", "ROLES");
            foreach (var n in nodes)
                table.AddRow(Markup.Escape(n.Id + (n.Self ? " (this)" : "")), n.Address, n.Status, n.Reachable ? "yes" : "NO",
                    n.Sessions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?", string.Join(", ", n.Singletons),
                    n.ClockOffsetMs is { } o ? $"{o:+0;-0} ms" : "?", Markup.Escape(string.Join(", ", n.Roles)));
            Tables.Write(table, $"{nodes.Count} member(s)");
            return 0;
        }));
        return command;
    }

    public static Command Drain()
    {
        var node = new Argument<string>("node") { Description = "The node to drain (see concentrator nodes)" };
        var deadline = new Option<TimeSpan>("--deadline")
        {
            Description = "How long its calls may go on before they are ended (default 00:10:00)",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
        };
        var command = new Command("drain", "Take no new calls on a node, end its calls by the deadline, then make it leave the cluster") { node, deadline };
        command.SetAction(parse => CliContext.Run(async () =>
        {
            using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
            var error = await api.DrainAsync(new DrainRequest(parse.GetValue(node)!, parse.GetValue(deadline))).ConfigureAwait(false);
            return CliContext.Report(error, $"node {parse.GetValue(node)} is draining: no new calls; it leaves the cluster when its calls are over (at most {parse.GetValue(deadline)})");
        }));
        return command;
    }

    public static Command Leave()
    {
        var command = new Command("leave", "This node ends its calls properly, hands over its singletons and leaves the cluster");
        command.SetAction(parse => CliContext.Run(async () =>
        {
            var config = CliContext.LoadConfig(parse);
            using var api = await CliContext.RequireNodeAsync(config).ConfigureAwait(false);
            var error = await api.DrainAsync(new DrainRequest(config.Node.Id, TimeSpan.Zero)).ConfigureAwait(false);
            return CliContext.Report(error, $"node {config.Node.Id} is leaving the cluster");
        }));
        return command;
    }

    public static Command Pptp()
    {
        var command = new Command("pptp", "The global switch for PPTP logins, cluster-wide: on, off or status");
        foreach (var (verb, value) in new[] { ("on", (bool?)true), ("off", false), ("status", null) })
        {
            var sub = new Command(verb, value switch { true => "Allow PPTP logins", false => "Refuse new PPTP calls (sessions up stay)", _ => "Show the switch" });
            sub.SetAction(parse => CliContext.Run(async () =>
            {
                using var api = await CliContext.RequireNodeAsync(CliContext.LoadConfig(parse)).ConfigureAwait(false);
                var state = value is { } v ? await api.SetPptpAsync(v).ConfigureAwait(false) : await api.PptpAsync().ConfigureAwait(false);
                Console.WriteLine($"PPTP logins are {(state.Enabled ? "on" : "off")}");
                return 0;
            }));
            command.Subcommands.Add(sub);
        }
        return command;
    }


}
