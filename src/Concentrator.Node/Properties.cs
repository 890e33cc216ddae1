// The concentrator runs on Linux only: raw GRE sockets, TUN devices and network namespaces.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
