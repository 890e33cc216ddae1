using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tests.Linux;

/// <summary>Pure checks of the interop layer: struct layouts (LP64 Linux ABI), conversions, validation.</summary>
public sealed unsafe class InteropTests
{
    [Fact]
    public void Structures_have_the_kernel_abi_sizes()
    {
        Assert.Equal(16, sizeof(Libc.SockAddrIn));
        Assert.Equal(16, sizeof(Libc.IoVec));
        Assert.Equal(56, sizeof(Libc.MsgHdr));
        Assert.Equal(64, sizeof(Libc.MMsgHdr));
        Assert.Equal(8, sizeof(Libc.PollFd));
        Assert.Equal(16, sizeof(Libc.TimeVal));
        Assert.Equal(40, sizeof(Libc.IfReq));
    }

    [Fact]
    public void Sockaddr_in_holds_the_address_in_network_order()
    {
        var address = Libc.SockAddrIn.For(0x0A000102);
        var bytes = new ReadOnlySpan<byte>(&address, sizeof(Libc.SockAddrIn));
        Assert.Equal(new byte[] { 2, 0, 0, 0, 10, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0 }, bytes.ToArray());
        Assert.Equal(0x0A000102u, address.HostOrderAddress);
    }

    [Fact]
    public void Ifreq_carries_the_name_and_reads_it_back()
    {
        var request = Libc.IfReq.For("pptp0");
        Assert.Equal("pptp0", request.GetName());
        request.Flags = 0x1001;
        Assert.Equal(0x1001, request.Int & 0xFFFF);
        Assert.Equal("a23456789012345", Libc.IfReq.For("a23456789012345").GetName());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("..")]
    [InlineData("tün0")]
    public void Invalid_interface_names_are_rejected(string name) => Assert.Throws<ArgumentException>(() => InterfaceName.Validate(name));

    [Theory]
    [InlineData("pptp0")]
    [InlineData("pptp%d")]
    [InlineData("eth0.100")]
    [InlineData("fifteen-chars-x")]
    public void Valid_interface_names_pass(string name) => InterfaceName.Validate(name);

    [Fact]
    public void Exception_messages_name_the_call_the_errno_and_the_fix()
    {
        var error = new LinuxIoException("socket(AF_INET, SOCK_RAW, 47)", Errno.EPERM);
        Assert.Equal(
            "socket(AF_INET, SOCK_RAW, 47) failed: EPERM (Operation not permitted) — " + LinuxIoException.PrivilegeHint,
            error.Message);
        Assert.Equal(1, error.HResult);
        Assert.Equal("open(\"/x\") failed: ENOENT (No such file or directory)", new LinuxIoException("open(\"/x\")", Errno.ENOENT).Message);
        Assert.Equal("x failed: 200 (Unknown error 200) — hint", new LinuxIoException("x", (Errno)200, "hint").Message);
    }

    [Fact]
    public void Packet_batch_tracks_slots_lengths_and_addresses()
    {
        var batch = new MessageBatch(3, slotSize: 64);
        Assert.Equal((3, 64, 0), (batch.Capacity, batch.SlotSize, batch.Count));
        Assert.True(batch.TryAdd([1, 2, 3], 0x0A000001));
        Assert.False(batch.TryAdd(new byte[65], 0x0A000001));
        "hello"u8.CopyTo(batch.GetSlot(2));
        batch.SetPacket(2, 5, 0x0A000003);
        Assert.Equal(3, batch.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, batch.GetPacket(0).ToArray());
        Assert.Equal("hello"u8.ToArray(), batch.GetPacket(2).ToArray());
        Assert.Equal(0x0A000003u, batch.GetAddress(2));
        Assert.Equal(5, batch.GetLength(2));
        Assert.False(batch.TryAdd([9], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetSlot(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.SetPacket(0, 65, 1));
        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetPacket(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Count = 4);
    }
}
