using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Concentrator.Node.Operator;
using Concentrator.Node.Users;

namespace Concentrator.Node.Cli;

/// <summary>The CLI's side of the operator API of a running node.</summary>
public sealed class OperatorClient : IUserAdmin, IDisposable
{
    private readonly HttpClient _http;

    public OperatorClient(string listen, string token, TimeSpan timeout) : this(listen, token, timeout, new SocketsHttpHandler())
    {
    }

    /// <summary>With a handler of the caller's (tests reach a node inside a network namespace this way).</summary>
    internal OperatorClient(string listen, string token, TimeSpan timeout, HttpMessageHandler handler)
    {
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://{listen}/api/"), Timeout = timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>True when a node answers at the address; false when nothing listens there.</summary>
    /// <exception cref="OperatorException">A node answered but refused us (wrong token) or failed.</exception>
    public async Task<bool> IsNodeRunningAsync()
    {
        try
        {
            using var response = await _http.GetAsync("pptp").ConfigureAwait(false);
            await EnsureAsync(response).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return false;
        }
    }

    public Task<SessionsResult> SessionsAsync() => GetAsync<SessionsResult>("sessions");

    public Task<IReadOnlyList<NodeView>> NodesAsync() => GetAsync<IReadOnlyList<NodeView>>("nodes");

    public Task<string?> DrainAsync(DrainRequest drain) => SendAsync(HttpMethod.Post, "drain", drain);

    public Task<PptpSwitchView> PptpAsync() => GetAsync<PptpSwitchView>("pptp");

    public async Task<PptpSwitchView> SetPptpAsync(bool enabled)
    {
        using var response = await _http.PutAsJsonAsync("pptp", new PptpSwitchView(enabled)).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<PptpSwitchView>().ConfigureAwait(false))!;
    }

    public async Task<int> KickAsync(KickRequest kick) => (await PostAsync<KickResult>("kick", kick).ConfigureAwait(false)).Kicked;

    public Task<IReadOnlyList<BanView>> BansAsync() => GetAsync<IReadOnlyList<BanView>>("bans");

    public Task<string?> BanAsync(AddBanRequest ban) => SendAsync(HttpMethod.Post, "bans", ban);

    public Task<string?> UnbanAsync(string address) => SendAsync(HttpMethod.Delete, $"bans/{Uri.EscapeDataString(address)}", null);

    public Task<IReadOnlyList<PoolView>> PoolsAsync() => GetAsync<IReadOnlyList<PoolView>>("pools");

    public Task<string?> AddAsync(string name, byte[] ntHash, bool allowVpn, string? staticAddress) =>
        SendAsync(HttpMethod.Post, "users", new AddUserRequest(name, Convert.ToHexString(ntHash), allowVpn, staticAddress));

    public Task<string?> SetPasswordAsync(string name, byte[] ntHash) => Change(name, new ChangeUserRequest(NtHash: Convert.ToHexString(ntHash)));

    public Task<string?> SetAllowVpnAsync(string name, bool allowVpn) => Change(name, new ChangeUserRequest(AllowVpn: allowVpn));

    public Task<string?> SetDisabledAsync(string name, bool disabled) => Change(name, new ChangeUserRequest(Disabled: disabled));

    public Task<string?> SetStaticAddressAsync(string name, string? staticAddress) =>
        Change(name, new ChangeUserRequest(StaticAddress: staticAddress ?? ""));

    public Task<string?> RemoveAsync(string name) => SendAsync(HttpMethod.Delete, $"users/{Uri.EscapeDataString(name)}", null);

    public Task<IReadOnlyList<UserView>> ListAsync() => GetAsync<IReadOnlyList<UserView>>("users");

    public void Dispose() => _http.Dispose();

    private Task<string?> Change(string name, ChangeUserRequest change) =>
        SendAsync(HttpMethod.Patch, $"users/{Uri.EscapeDataString(name)}", change);

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await _http.GetAsync(path).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>().ConfigureAwait(false))!;
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>().ConfigureAwait(false))!;
    }

    /// <summary>Sends a command; null on success, else the node's reason for refusing it.</summary>
    private async Task<string?> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
            return (await response.Content.ReadFromJsonAsync<ErrorView>().ConfigureAwait(false))?.Error ?? response.ReasonPhrase;
        await EnsureAsync(response).ConfigureAwait(false);
        return null;
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        var error = response.Content.Headers.ContentType?.MediaType == "application/json"
            ? (await response.Content.ReadFromJsonAsync<ErrorView>().ConfigureAwait(false))?.Error
            : null;
        throw new OperatorException($"the node refused the request ({(int)response.StatusCode}): {error ?? response.ReasonPhrase}");
    }
}

/// <summary>The node could not be asked, or refused; the message says what to do.</summary>
public sealed class OperatorException(string message) : Exception(message);
