using Concentrator.Load;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var run = new LoadRun(options, Console.Error);
var report = await run.RunAsync(stop.Token);
Console.Out.Write(report.Table());
Console.Out.WriteLine(report.Json());
return report.Setup.Succeeded > 0 ? 0 : 1;
