// Like the node they test: Linux only (namespaces, TUN, raw GRE).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
