namespace Concentrator.Client;

/// <summary>How opening a control connection went; <see cref="Connection"/> is set when it is up.</summary>
public sealed record ControlConnectionResult(ConnectResult Result, PptpControlConnection? Connection);
