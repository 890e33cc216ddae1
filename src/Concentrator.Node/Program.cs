using Concentrator.Node.Cli;

// SIGTERM and Ctrl-C are the host's to handle (graceful shutdown), not the parser's.
return await CliApp.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
