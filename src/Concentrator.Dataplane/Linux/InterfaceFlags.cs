namespace Concentrator.Dataplane.Linux;

/// <summary>Interface flags (linux/if.h, the 16 bits SIOCGIFFLAGS reports).</summary>
[Flags]
public enum InterfaceFlags
{
    None = 0,
    Up = 0x1,
    Broadcast = 0x2,
    Loopback = 0x8,
    PointToPoint = 0x10,
    Running = 0x40,
    NoArp = 0x80,
    Promiscuous = 0x100,
    Multicast = 0x1000,
}
