namespace Concentrator.Node.Cli.Doctor;

/// <summary>How a check came out.</summary>
public enum Verdict { Ok, Warn, Fail }

/// <summary>One finding of `concentrator doctor`: what was checked, the verdict, what was seen, and what to do.</summary>
public sealed record Check(string Name, Verdict Verdict, string Detail, string? Fix = null)
{
    public static Check Ok(string name, string detail) => new(name, Verdict.Ok, detail);
    public static Check Warn(string name, string detail, string fix) => new(name, Verdict.Warn, detail, fix);
    public static Check Fail(string name, string detail, string fix) => new(name, Verdict.Fail, detail, fix);
}
