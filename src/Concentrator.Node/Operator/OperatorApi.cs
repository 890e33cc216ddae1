using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Concentrator.Node.Operator;

/// <summary>
/// The operator API under /api: JSON over HTTP, every request authenticated with the node's bearer
/// token (a wrong or missing token is refused with 401 and logged). /metrics stays open for Prometheus.
/// </summary>
public static partial class OperatorApi
{
    public static void MapOperatorApi(this WebApplication app, IOperatorBackend backend, string token, ILogger log)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
            if (OperatorToken.Matches(token, presented)) return await next(context).ConfigureAwait(false);
            LogRefused(log, context.HttpContext.Connection.RemoteIpAddress, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Results.Json(new ErrorView("wrong or missing operator token: use the token from the node's configuration or its data directory (operator.token)"),
                statusCode: StatusCodes.Status401Unauthorized);
        });

        MapUsers(api, backend);
        api.MapGet("/sessions", async () => Results.Ok(await backend.SessionsAsync().ConfigureAwait(false)));
        api.MapPost("/kick", async (KickRequest kick) =>
        {
            IPAddress? address = null;
            if (kick.Address is not null && !IPAddress.TryParse(kick.Address, out address))
                return Results.BadRequest(new ErrorView($"'{kick.Address}' is not an IP address"));
            if (kick.Id is null && kick.User is null && address is null)
                return Results.BadRequest(new ErrorView("say which sessions: a session ID, --user or --ip"));
            var count = await backend.KickAsync(kick.Id, kick.User, address, kick.Reason ?? "ended by an operator").ConfigureAwait(false);
            return Results.Ok(new KickResult(count));
        });
        api.MapGet("/bans", () => Results.Ok(backend.Bans()));
        api.MapPost("/bans", (AddBanRequest ban) =>
        {
            if (!IPAddress.TryParse(ban.Address, out var address)) return Results.BadRequest(new ErrorView($"'{ban.Address}' is not an IP address"));
            backend.Ban(address, ban.Duration ?? TimeSpan.FromMinutes(45), ban.Reason ?? "banned by an operator");
            return Results.Ok();
        });
        api.MapDelete("/bans/{address}", (string address) =>
        {
            if (!IPAddress.TryParse(address, out var ip)) return Results.BadRequest(new ErrorView($"'{address}' is not an IP address"));
            return backend.Unban(ip) ? Results.Ok() : Results.NotFound(new ErrorView($"{address} is not banned"));
        });
        api.MapGet("/pools", async () => Results.Ok(await backend.PoolsAsync().ConfigureAwait(false)));
        api.MapGet("/nodes", async () => Results.Ok(await backend.NodesAsync().ConfigureAwait(false)));
        api.MapPost("/drain", async (DrainRequest drain) =>
            Outcome(await backend.DrainAsync(drain.Node, drain.Deadline).ConfigureAwait(false)));
        api.MapGet("/pptp", () => Results.Ok(new PptpSwitchView(backend.PptpEnabled)));
        api.MapPut("/pptp", (PptpSwitchView view) =>
        {
            backend.PptpEnabled = view.Enabled;
            return Results.Ok(new PptpSwitchView(backend.PptpEnabled));
        });
    }

    private static void MapUsers(RouteGroupBuilder api, IOperatorBackend backend)
    {
        api.MapGet("/users", async () => Results.Ok(await backend.Users.ListAsync().ConfigureAwait(false)));
        api.MapPost("/users", async (AddUserRequest add) =>
        {
            if (!TryHash(add.NtHash, out var hash)) return BadHash();
            return Outcome(await backend.Users.AddAsync(add.Name, hash, add.AllowVpn, add.StaticAddress).ConfigureAwait(false));
        });
        api.MapPatch("/users/{name}", async (string name, ChangeUserRequest change) =>
        {
            if (change.NtHash is not null)
            {
                if (!TryHash(change.NtHash, out var hash)) return BadHash();
                if (await backend.Users.SetPasswordAsync(name, hash).ConfigureAwait(false) is { } e1) return Refused(e1);
            }
            if (change.AllowVpn is { } vpn && await backend.Users.SetAllowVpnAsync(name, vpn).ConfigureAwait(false) is { } e2) return Refused(e2);
            if (change.Disabled is { } disabled && await backend.Users.SetDisabledAsync(name, disabled).ConfigureAwait(false) is { } e3) return Refused(e3);
            if (change.StaticAddress is { } s
                && await backend.Users.SetStaticAddressAsync(name, s.Length == 0 ? null : s).ConfigureAwait(false) is { } e4) return Refused(e4);
            return Results.Ok();
        });
        api.MapDelete("/users/{name}", async (string name) => Outcome(await backend.Users.RemoveAsync(name).ConfigureAwait(false)));
    }

    private static IResult Outcome(string? error) => error is null ? Results.Ok() : Refused(error);

    private static IResult Refused(string error) => Results.UnprocessableEntity(new ErrorView(error));

    private static IResult BadHash() => Results.BadRequest(new ErrorView("ntHash must be 32 hex digits (MD4 of the UTF-16LE password)"));

    private static bool TryHash(string hex, out byte[] hash)
    {
        hash = [];
        if (hex.Length != 32) return false;
        try
        {
            hash = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "operator API request refused: wrong or missing token from {Remote} ({Method} {Path})")]
    private static partial void LogRefused(ILogger logger, IPAddress? remote, string method, string path);
}
