using Concentrator.Dataplane.Linux;

namespace Concentrator.Dataplane.Tun;

/// <summary>Creates the TUN device from <see cref="TunSettings"/>, in the calling thread's network namespace.</summary>
public static class TunSetup
{
    /// <summary>
    /// Creates the (multi-queue) device, sets its MTU and address and brings it up. On failure the
    /// device is closed again and a <see cref="DataplaneException"/> says what failed and what to do.
    /// </summary>
    public static TunDevice Create(TunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        TunDevice device;
        try
        {
            device = TunDevice.Create(settings.Name, settings.Queues);
        }
        catch (LinuxIoException e)
        {
            throw new DataplaneException($"TUN device {settings.Name} could not be created: {e.Message}", e);
        }
        var step = "";
        try
        {
            step = $"MTU {settings.Mtu}";
            device.SetMtu(settings.Mtu);
            step = $"address {settings.Address}/{settings.PrefixLength}";
            device.SetAddress(settings.Address, settings.PrefixLength);
            step = "up";
            device.SetUp();
            return device;
        }
        catch (LinuxIoException e)
        {
            device.Dispose();
            throw new DataplaneException($"TUN device {device.Name} could not be configured ({step}): {e.Message}", e);
        }
    }
}
