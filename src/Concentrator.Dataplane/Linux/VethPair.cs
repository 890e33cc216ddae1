namespace Concentrator.Dataplane.Linux;

/// <summary>
/// A veth pair whose ends are created directly in the given network namespaces (null: the
/// process's own), both brought up. Creating replaces leftovers of the same names; Dispose deletes
/// the pair if it still exists (deleting a namespace deletes its end and with it the pair).
/// </summary>
public sealed class VethPair : IDisposable
{
    private VethPair(string name, string? namespaceName, string peerName, string? peerNamespaceName)
    {
        Name = name;
        NamespaceName = namespaceName;
        PeerName = peerName;
        PeerNamespaceName = peerNamespaceName;
    }

    public string Name { get; }

    public string? NamespaceName { get; }

    public string PeerName { get; }

    public string? PeerNamespaceName { get; }

    public static VethPair Create(string name, string? namespaceName, string peerName, string? peerNamespaceName)
    {
        InterfaceName.Validate(name);
        InterfaceName.Validate(peerName);
        IpCommand.DeleteLink(namespaceName, name);
        IpCommand.DeleteLink(peerNamespaceName, peerName);
        List<string> arguments = ["link", "add", "name", name];
        if (namespaceName is not null)
        {
            NetworkNamespace.ValidateName(namespaceName);
            arguments.AddRange(["netns", namespaceName]);
        }
        arguments.AddRange(["type", "veth", "peer", "name", peerName]);
        if (peerNamespaceName is not null)
        {
            NetworkNamespace.ValidateName(peerNamespaceName);
            arguments.AddRange(["netns", peerNamespaceName]);
        }
        IpCommand.Run(null, [.. arguments]).EnsureSuccess();
        var pair = new VethPair(name, namespaceName, peerName, peerNamespaceName);
        try
        {
            IpCommand.SetLinkUp(namespaceName, name);
            IpCommand.SetLinkUp(peerNamespaceName, peerName);
        }
        catch
        {
            pair.Dispose();
            throw;
        }
        return pair;
    }

    /// <summary>Assigns an address to each end, e.g. "10.99.1.1/30" and "10.99.1.2/30".</summary>
    public void AssignAddresses(string cidr, string peerCidr)
    {
        IpCommand.AddAddress(NamespaceName, Name, cidr);
        IpCommand.AddAddress(PeerNamespaceName, PeerName, peerCidr);
    }

    public void Dispose() => IpCommand.DeleteLink(NamespaceName, Name);
}
