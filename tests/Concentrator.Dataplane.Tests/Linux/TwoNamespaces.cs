using System.Net;
using Concentrator.Dataplane.Linux;
using Concentrator.Protocol.Ip;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>
/// Two fresh namespaces "cdt-…" joined by a veth pair, 10.99.1.1/30 in A and 10.99.1.2/30 in B.
/// Dispose deletes both namespaces (and so the pair) even after a failed test.
/// </summary>
internal sealed class TwoNamespaces : IDisposable
{
    public static readonly IPAddress AddressA = IPAddress.Parse("10.99.1.1");
    public static readonly IPAddress AddressB = IPAddress.Parse("10.99.1.2");

    private readonly List<IDisposable> _owned = [];

    public TwoNamespaces()
    {
        try
        {
            A = Own(NetworkNamespace.CreateUnique());
            B = Own(NetworkNamespace.CreateUnique());
            Veth = Own(VethPair.Create("cdtA", A.Name, "cdtB", B.Name));
            Veth.AssignAddresses("10.99.1.1/30", "10.99.1.2/30");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public NetworkNamespace A { get; } = null!;

    public NetworkNamespace B { get; } = null!;

    public VethPair Veth { get; } = null!;

    public static uint A32 => Ipv4.ToUInt32(AddressA);

    public static uint B32 => Ipv4.ToUInt32(AddressB);

    /// <summary>Registers something to dispose before the namespaces go (sockets, devices).</summary>
    public T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
        _owned.Clear();
    }
}
