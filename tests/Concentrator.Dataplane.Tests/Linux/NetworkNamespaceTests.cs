using System.Net;
using System.Net.Sockets;
using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tests.Linux;

public sealed class NetworkNamespaceTests
{
    [SkippableFact]
    public void Run_moves_only_its_own_thread_and_what_it_creates_stays_in_the_namespace()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        Assert.Matches("^cdt-[0-9a-f]{8}$", ns.Name);
        Assert.True(NetworkNamespace.Exists(ns.Name));
        var hostNamespace = File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.Name;

        var (inside, threadId) = ns.Run(() => (File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.Name, Environment.CurrentManagedThreadId));
        Assert.NotEqual(hostNamespace, inside);
        Assert.NotEqual(Environment.CurrentManagedThreadId, threadId);
        Assert.Equal(hostNamespace, File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.Name);
        Assert.Equal(inside, ns.Run(() => File.ResolveLinkTarget("/proc/thread-self/ns/net", false)!.Name));

        // A socket made inside can only reach the namespace's own addresses, from any thread.
        using var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var error = Assert.Throws<SocketException>(() => socket.Bind(new IPEndPoint(IPAddress.Parse("10.99.9.1"), 0)));
        Assert.Equal(SocketError.AddressNotAvailable, error.SocketErrorCode);
        ns.AddAddress("lo", "10.99.9.1/32");
        socket.Bind(new IPEndPoint(IPAddress.Parse("10.99.9.1"), 0));
    }

    [SkippableFact]
    public void Run_rethrows_on_the_caller_and_reports_a_missing_namespace()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var thrown = Assert.Throws<InvalidOperationException>(() => ns.Run(() => throw new InvalidOperationException("inside")));
        Assert.Equal("inside", thrown.Message);

        var missing = Assert.Throws<LinuxIoException>(() => NetworkNamespace.Run("cdt-does-not-exist", () => 1));
        Assert.Equal(Errno.ENOENT, missing.Errno);
        Assert.Contains("there is no network namespace \"cdt-does-not-exist\" (ip netns add cdt-does-not-exist)", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NetworkNamespace.Run("../etc", () => 1));
    }

    [SkippableFact]
    public void Create_and_delete_are_idempotent_and_dispose_deletes()
    {
        Lab.Require();
        var name = "cdt-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var first = NetworkNamespace.Create(name))
            {
                using var second = NetworkNamespace.Create(name);
                Assert.True(NetworkNamespace.Exists(name));
                var loopback = first.Exec("ip", "-o", "link", "show", "dev", "lo").EnsureSuccess().StandardOutput;
                Assert.Contains("state UNKNOWN", loopback, StringComparison.Ordinal);
                Assert.Contains("LOOPBACK,UP", loopback, StringComparison.Ordinal);
                second.Dispose();
                Assert.False(NetworkNamespace.Exists(name));
            }
            NetworkNamespace.Delete(name);
            Assert.False(NetworkNamespace.Exists(name));
        }
        finally
        {
            NetworkNamespace.Delete(name);
        }
    }

    [SkippableFact]
    public void Exec_runs_inside_and_reports_failure_without_throwing()
    {
        Lab.Require();
        using var ns = NetworkNamespace.CreateUnique();
        var links = ns.Exec("ip", "-o", "link").EnsureSuccess().StandardOutput;
        Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var failed = ns.Exec("ip", "link", "show", "dev", "nonexistent0");
        Assert.False(failed.Succeeded);
        Assert.Contains("nonexistent0", failed.StandardError, StringComparison.Ordinal);
        var thrown = Assert.Throws<InvalidOperationException>(() => failed.EnsureSuccess());
        Assert.StartsWith($"`ip netns exec {ns.Name} ip link show dev nonexistent0` exited with 1", thrown.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Veth_pairs_are_replaced_when_created_again_and_removed_on_dispose()
    {
        Lab.Require();
        using var a = NetworkNamespace.CreateUnique();
        using var b = NetworkNamespace.CreateUnique();
        using (var first = VethPair.Create("cdtA", a.Name, "cdtB", b.Name))
        {
            first.AssignAddresses("10.99.2.1/30", "10.99.2.2/30");
            first.AssignAddresses("10.99.2.1/30", "10.99.2.2/30");
            Assert.True(a.Exec("ping", "-c", "1", "-W", "5", "10.99.2.2").Succeeded);
            using var second = VethPair.Create("cdtA", a.Name, "cdtB", b.Name);
            Assert.DoesNotContain("10.99.2.1", IpCommand.Run(a.Name, "addr", "show", "dev", "cdtA").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
            Assert.True(IpCommand.LinkExists(b.Name, "cdtB"));
        }
        Assert.False(IpCommand.LinkExists(a.Name, "cdtA"));
        Assert.False(IpCommand.LinkExists(b.Name, "cdtB"));
        IpCommand.DeleteLink(a.Name, "cdtA");
        IpCommand.DeleteLink("cdt-gone-already", "cdtA");
    }
}
