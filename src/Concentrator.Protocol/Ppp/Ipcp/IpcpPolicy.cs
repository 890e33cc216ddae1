using System.Net;
using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Ppp.Ipcp;

/// <summary>
/// The server's IPCP: we send our IP-Address; the peer gets the address assigned to it (Nak-ed in when it asks
/// for 0.0.0.0, another address, or none) and the configured DNS/NBNS servers (RFC 1877; Rejected when not
/// configured). IP-Compression-Protocol, the deprecated IP-Addresses and unknown options are Rejected.
/// </summary>
public sealed class IpcpPolicy : INegotiationPolicy
{
    private readonly IpcpSettings settings;
    private bool requestAddress = true;

    /// <param name="peerAddress">The address assigned to the peer (from the pool).</param>
    public IpcpPolicy(IpcpSettings settings, IPAddress peerAddress)
    {
        this.settings = settings;
        PeerAddress = peerAddress;
    }

    public NegotiationFailure Failure { get; private set; }

    /// <summary>The address the peer is given.</summary>
    public IPAddress PeerAddress { get; }

    public IReadOnlyList<PppOption> BuildRequest() =>
        requestAddress ? [IpcpOptions.Address(IpcpOptionType.IpAddress, settings.LocalAddress)] : [];

    public RequestVerdict ReviewRequest(IReadOnlyList<PppOption> options)
    {
        var review = new RequestReview();
        var sawAddress = false;
        foreach (var option in options)
        {
            var type = (IpcpOptionType)option.Type;
            var wanted = type == IpcpOptionType.IpAddress ? PeerAddress : Configured(type);
            if (wanted is null || !IpcpOptions.TryReadAddress(option, type, out var requested))
            {
                // Not ours to give (an unconfigured name server), IP-Compression (VJ), IP-Addresses, malformed, unknown.
                review.Reject(option);
                continue;
            }

            sawAddress |= type == IpcpOptionType.IpAddress;
            if (!requested.Equals(wanted))
            {
                // RFC 1332 §3.3, RFC 1877 §1: the Nak carries the value the peer should use.
                review.Nak(IpcpOptions.Address(type, wanted));
            }
        }

        if (!sawAddress)
        {
            // RFC 1661 §5.3: a Nak may name an option the peer left out, to hint that it should ask for it.
            review.Nak(IpcpOptions.Address(IpcpOptionType.IpAddress, PeerAddress));
        }

        return review.ToVerdict();
    }

    public void ApplyNak(IReadOnlyList<PppOption> options)
    {
        foreach (var option in options)
        {
            if (IpcpOptions.TryReadAddress(option, IpcpOptionType.IpAddress, out var suggested) && !suggested.Equals(settings.LocalAddress))
            {
                Failure = NegotiationFailure.LocalAddressRefused;
            }
        }
    }

    public void ApplyReject(IReadOnlyList<PppOption> options) =>
        requestAddress = false;

    private IPAddress? Configured(IpcpOptionType type) => type switch
    {
        IpcpOptionType.PrimaryDns => settings.PrimaryDns,
        IpcpOptionType.SecondaryDns => settings.SecondaryDns,
        IpcpOptionType.PrimaryNbns => settings.PrimaryNbns,
        IpcpOptionType.SecondaryNbns => settings.SecondaryNbns,
        _ => null,
    };
}
