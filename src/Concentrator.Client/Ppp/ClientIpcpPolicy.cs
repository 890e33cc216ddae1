using System.Net;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Client.Ppp;

/// <summary>
/// The client's IPCP (RFC 1332, RFC 1877): we ask for IP-Address 0.0.0.0 ("assign me one", RFC 1332
/// §3.3) and for name servers as 0.0.0.0, and adopt what the server's Configure-Nak gives. A server that
/// rejects IP-Address leaves us without one: <see cref="NegotiationFailure.LocalAddressRefused"/>;
/// rejected name servers are simply not asked for again. From the server we accept its own IP-Address
/// and reject everything else (VJ compression, the deprecated IP-Addresses, name servers, unknown).
/// </summary>
public sealed class ClientIpcpPolicy : INegotiationPolicy
{
    private static readonly IpcpOptionType[] NameServerTypes =
        [IpcpOptionType.PrimaryDns, IpcpOptionType.PrimaryNbns, IpcpOptionType.SecondaryDns, IpcpOptionType.SecondaryNbns];

    private readonly Dictionary<IpcpOptionType, IPAddress> _nameServers = new();

    public ClientIpcpPolicy(ClientIpcpSettings settings)
    {
        if (settings.RequestDns)
        {
            _nameServers[IpcpOptionType.PrimaryDns] = IPAddress.Any;
            _nameServers[IpcpOptionType.SecondaryDns] = IPAddress.Any;
        }

        if (settings.RequestNbns)
        {
            _nameServers[IpcpOptionType.PrimaryNbns] = IPAddress.Any;
            _nameServers[IpcpOptionType.SecondaryNbns] = IPAddress.Any;
        }
    }

    public NegotiationFailure Failure { get; private set; }

    /// <summary>The address in our current request: 0.0.0.0 until the server's Nak assigns one.</summary>
    public IPAddress LocalAddress { get; private set; } = IPAddress.Any;

    /// <summary>The server's own address on the link, from its acknowledged request; null when it sent none.</summary>
    public IPAddress? PeerAddress { get; private set; }

    /// <summary>A name server (types 129–132) as the server assigned it; null when not asked for, rejected or still 0.0.0.0.</summary>
    public IPAddress? NameServer(IpcpOptionType type) =>
        _nameServers.TryGetValue(type, out var address) && !address.Equals(IPAddress.Any) ? address : null;

    public IReadOnlyList<PppOption> BuildRequest()
    {
        var options = new List<PppOption>(1 + _nameServers.Count) { IpcpOptions.Address(IpcpOptionType.IpAddress, LocalAddress) };
        foreach (var type in NameServerTypes)
        {
            if (_nameServers.TryGetValue(type, out var address)) options.Add(IpcpOptions.Address(type, address));
        }

        return options;
    }

    public RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options)
    {
        var review = new RequestReview();
        IPAddress? peer = null;
        foreach (var option in options)
        {
            // RFC 1332 §3.3: the server tells us its address; 0.0.0.0 would ask us to assign one, which we cannot.
            if (IpcpOptions.TryReadAddress(option, IpcpOptionType.IpAddress, out var address) && !address.Equals(IPAddress.Any)) peer = address;
            else review.Reject(option);
        }

        var verdict = review.ToVerdict();
        if (verdict.Kind == RequestVerdictKind.Ack) PeerAddress = peer;
        return verdict;
    }

    public void ApplyNak(IReadOnlyList<PppOption> options)
    {
        foreach (var option in options)
        {
            var type = (IpcpOptionType)option.Type;
            if (!IpcpOptions.TryReadAddress(option, type, out var suggested)) continue;
            if (type == IpcpOptionType.IpAddress) LocalAddress = suggested;
            else if (_nameServers.ContainsKey(type)) _nameServers[type] = suggested;
        }
    }

    public void ApplyReject(IReadOnlyList<PppOption> options)
    {
        foreach (var option in options)
        {
            var type = (IpcpOptionType)option.Type;
            if (type == IpcpOptionType.IpAddress) Failure = NegotiationFailure.LocalAddressRefused;
            else _nameServers.Remove(type);
        }
    }
}
